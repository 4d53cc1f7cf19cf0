<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>main</name>
    <message>
        <location filename="../app/warden/main.cpp" line="24"/>
        <source>Security console for AI agents in sandboxes</source>
        <translation>Sicherheitskonsole für KI-Agenten in Sandboxes</translation>
    </message>
    <message>
        <location filename="../app/warden/main.cpp" line="27"/>
        <source>Audit store to open.</source>
        <translation>Zu öffnender Audit-Speicher.</translation>
    </message>
    <message>
        <location filename="../app/warden/main.cpp" line="29"/>
        <source>Start the demo NAME (code-bot).</source>
        <translation>Die Demo NAME starten (code-bot).</translation>
    </message>
    <message>
        <location filename="../app/warden/main.cpp" line="32"/>
        <source>Run a smoke test of the console and exit.</source>
        <translation>Einen Rauchtest der Konsole ausführen und beenden.</translation>
    </message>
    <message>
        <location filename="../app/warden/main.cpp" line="34"/>
        <source>Save the window to FILE once the run is shown, then quit.</source>
        <translation>Das Fenster als DATEI speichern, sobald der Lauf angezeigt wird, dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/warden/main.cpp" line="37"/>
        <source>Seconds to wait before the screenshot (default 1).</source>
        <translation>Sekunden bis zum Bildschirmfoto (Standard 1).</translation>
    </message>
</context>
<context>
    <name>warden::ui::ActionTableModel</name>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="100"/>
        <source>declared</source>
        <translation>deklariert</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="100"/>
        <source>undeclared</source>
        <translation>nicht deklariert</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="113"/>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="114"/>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="115"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="116"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="117"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="118"/>
        <source>Declared</source>
        <translation>Deklariert</translation>
    </message>
    <message>
        <location filename="../ui/run/ActionTableModel.cpp" line="119"/>
        <source>Why</source>
        <translation>Begründung</translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalPanel</name>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="19"/>
        <source>&amp;Approve once</source>
        <translation>Einmal &amp;genehmigen</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="19"/>
        <source>Approve for &amp;run</source>
        <translation>Für den &amp;Lauf genehmigen</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="20"/>
        <source>&amp;Deny…</source>
        <translation>&amp;Ablehnen…</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="47"/>
        <source>Deny request</source>
        <translation>Anfrage ablehnen</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="47"/>
        <source>Reason (sent to the agent):</source>
        <translation>Begründung (geht an den Agenten):</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="111"/>
        <source>&lt;i&gt;No requests are waiting. Privileged requests appear here; nothing runs without a decision, and silence denies.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Keine Anfragen warten. Privilegierte Anfragen erscheinen hier; nichts läuft ohne Entscheidung, und Schweigen lehnt ab.&lt;/i&gt;</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="117"/>
        <source>&lt;b&gt;%1&lt;/b&gt; wants &lt;b&gt;%2&lt;/b&gt;&lt;br/&gt;why: %3&lt;br/&gt;rule: &lt;code&gt;%4&lt;/code&gt;&lt;br/&gt;judge: %5&lt;br/&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; möchte &lt;b&gt;%2&lt;/b&gt;&lt;br/&gt;Grund: %3&lt;br/&gt;Regel: &lt;code&gt;%4&lt;/code&gt;&lt;br/&gt;Urteil: %5&lt;br/&gt;%6</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="122"/>
        <source>(run ended)</source>
        <translation>(Lauf beendet)</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="124"/>
        <source>&lt;b&gt;expired: silence denied it&lt;/b&gt;</source>
        <translation>&lt;b&gt;abgelaufen: Schweigen hat abgelehnt&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="125"/>
        <source>&lt;b&gt;time left: %1:%2&lt;/b&gt;</source>
        <translation>&lt;b&gt;verbleibend: %1:%2&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalPanel.cpp" line="152"/>
        <source>a denial needs a reason: the agent is told why</source>
        <translation>eine Ablehnung braucht eine Begründung: der Agent erfährt sie</translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalQueueModel</name>
    <message>
        <location filename="../ui/approvals/ApprovalQueueModel.cpp" line="99"/>
        <source>expired  %1 · %2</source>
        <translation>abgelaufen  %1 · %2</translation>
    </message>
    <message>
        <location filename="../ui/approvals/ApprovalQueueModel.cpp" line="100"/>
        <source>%1:%2  %3 · %4</source>
        <translation>%1:%2  %3 · %4</translation>
    </message>
</context>
<context>
    <name>warden::ui::JudgementBanner</name>
    <message>
        <location filename="../ui/run/JudgementBanner.cpp" line="37"/>
        <source>No run selected</source>
        <translation>Kein Lauf ausgewählt</translation>
    </message>
    <message>
        <location filename="../ui/run/JudgementBanner.cpp" line="48"/>
        <source>%1 — confidence %2</source>
        <translation>%1 — Konfidenz %2</translation>
    </message>
    <message>
        <location filename="../ui/run/JudgementBanner.cpp" line="54"/>
        <source>evidence: %1</source>
        <translation>Belege: %1</translation>
    </message>
</context>
<context>
    <name>warden::ui::LiveRunController</name>
    <message>
        <location filename="../ui/live/LiveRunController.cpp" line="49"/>
        <source>approvals from wardenctl are unavailable: %1</source>
        <translation>Genehmigungen über wardenctl sind nicht verfügbar: %1</translation>
    </message>
    <message>
        <location filename="../ui/live/LiveRunController.cpp" line="58"/>
        <source>the audit store is not open yet</source>
        <translation>der Audit-Speicher ist noch nicht geöffnet</translation>
    </message>
    <message>
        <location filename="../ui/live/LiveRunController.cpp" line="128"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>warden::ui::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="39"/>
        <location filename="../ui/MainWindow.cpp" line="100"/>
        <location filename="../ui/MainWindow.cpp" line="211"/>
        <source>Warden</source>
        <translation>Warden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="54"/>
        <source>Booting a sandbox for %1…</source>
        <translation>Sandbox für %1 wird gestartet…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="60"/>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="66"/>
        <source>Run %1 %2: %3</source>
        <translation>Lauf %1 %2: %3</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="80"/>
        <source>Preparing the %1 demo (%2)…</source>
        <translation>Demo %1 wird vorbereitet (%2)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="99"/>
        <source>Approvals (%1 waiting)</source>
        <translation>Genehmigungen (%1 wartend)</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="100"/>
        <source>Warden — %n approval(s) waiting</source>
        <translation>
            <numerusform>Warden — %n Genehmigung wartet</numerusform>
            <numerusform>Warden — %n Genehmigungen warten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="105"/>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="107"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="108"/>
        <location filename="../ui/MainWindow.cpp" line="121"/>
        <source>Launch demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="110"/>
        <source>code-bot: injected CSV steals API keys</source>
        <translation>code-bot: präparierte CSV stiehlt API-Schlüssel</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="111"/>
        <source>kubesleuth: log line asks for curl | bash</source>
        <translation>kubesleuth: Logzeile verlangt curl | bash</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="112"/>
        <source>storage-exfil: declared host, stolen payload</source>
        <translation>storage-exfil: deklarierter Host, gestohlene Nutzlast</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="113"/>
        <source> (bubblewrap)</source>
        <translation> (bubblewrap)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="114"/>
        <source> (Docker)</source>
        <translation> (Docker)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="117"/>
        <source>Replay the recorded code-bot trace (no sandbox)</source>
        <translation>Aufgezeichneten code-bot-Verlauf abspielen (ohne Sandbox)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="152"/>
        <source>Filter actions (kind, decision, text)…</source>
        <translation>Aktionen filtern (Art, Entscheidung, Text)…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="171"/>
        <source>Select an action to see its request and the rules that decided it.</source>
        <translation>Eine Aktion auswählen, um Anfrage und entscheidende Regeln zu sehen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="211"/>
        <source>%n privileged request(s) waiting for a decision</source>
        <translation>
            <numerusform>%n privilegierte Anfrage wartet auf eine Entscheidung</numerusform>
            <numerusform>%n privilegierte Anfragen warten auf eine Entscheidung</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="217"/>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="234"/>
        <source>Store: %1 — %2</source>
        <translation>Speicher: %1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="241"/>
        <source>Store: %1 — %n run(s)</source>
        <translation>
            <numerusform>Speicher: %1 — %n Lauf</numerusform>
            <numerusform>Speicher: %1 — %n Läufe</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="308"/>
        <source>Action
%1

Verdict
%2</source>
        <translation>Aktion
%1

Urteil der Richtlinie
%2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="317"/>
        <source>Replaying %1…</source>
        <translation>%1 wird abgespielt…</translation>
    </message>
</context>
<context>
    <name>warden::ui::RunListModel</name>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="66"/>
        <source>not judged</source>
        <translation>nicht beurteilt</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="67"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="78"/>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="79"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="80"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="81"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/runs/RunListModel.cpp" line="82"/>
        <source>Judgement</source>
        <translation>Urteil</translation>
    </message>
</context>
</TS>
