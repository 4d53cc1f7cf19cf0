#pragma once

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace warden::ui {

class ActionTableModel;
class JudgementBanner;
class RunListModel;

// The console's main window: stored runs on the left; the selected run's
// judgement, actions and details on the right. Everything it reads comes
// from the store on worker threads.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QString storePath, QWidget *parent = nullptr);

    void reload();
    void selectRun(const QString &runId);
    // Replays a built-in example into the store, then shows it.
    void recordExample(const QString &name);

    RunListModel *runModel() const { return m_runs; }
    ActionTableModel *actionModel() const { return m_actions; }
    JudgementBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void runsLoaded(int count);
    void runShown(const QString &runId);
    void failed(const QString &message);

private:
    void buildUi();
    void showRun(const QString &runId);
    void showDetail(const QModelIndex &proxyIndex);
    void showError(const QString &message);

    QString m_storePath;
    QString m_pendingSelection;
    RunListModel *m_runs;
    ActionTableModel *m_actions;
    QSortFilterProxyModel *m_filter;
    QTableView *m_runView = nullptr;
    QTableView *m_actionView = nullptr;
    JudgementBanner *m_banner = nullptr;
    QLineEdit *m_search = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace warden::ui
