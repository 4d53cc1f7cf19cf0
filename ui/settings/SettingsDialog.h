#pragma once

#include "ui/settings/ConsoleSettings.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace warden::ui {

// Edits ConsoleSettings. The deadline and default host apply to the next
// launch; the theme and the language at once (every screen retranslates
// itself).
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const ConsoleSettings &settings, QWidget *parent = nullptr);
    ConsoleSettings settings() const;

private:
    QSpinBox *m_deadline;
    QComboBox *m_host;
    QComboBox *m_language;
    QComboBox *m_theme;
};

} // namespace warden::ui
