#pragma once

#include <QTextBrowser>

#include <memory>
#include <string>

namespace warden {
class Provenance;
}

namespace warden::ui {

// The "How it happened" tab: the chain from the tool result that carried
// instructions (the likely injection point) through the model turns it led
// to, the actions each asked for and what became of them, to what was
// refused and what left. Every action is a link that selects it in the
// table. Agent text is escaped: it is shown, never interpreted.
class ProvenanceView : public QTextBrowser {
    Q_OBJECT
public:
    explicit ProvenanceView(QWidget *parent = nullptr);

    // `hasModelTurns`: whether the run recorded any (it went through the model door).
    void showProvenance(std::shared_ptr<const Provenance> provenance, bool hasModelTurns);
    void clearProvenance();
    bool hasChain() const;
    void retranslate();
    // A sign InjectionCues names (stored in English), in the interface language.
    static QString cueText(const std::string &stored);

Q_SIGNALS:
    void actionActivated(qint64 seq);

private:
    void render();
    std::shared_ptr<const Provenance> m_provenance;
    bool m_hasModelTurns = false;
};

} // namespace warden::ui
