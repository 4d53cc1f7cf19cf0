<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ReportExporter</name>
    <message numerus="yes">
        <source>NOT PROVEN: %n record(s) link up, but %1</source>
        <translation>
            <numerusform>NOT PROVEN: %n record links up, but %1</numerusform>
            <numerusform>NOT PROVEN: %n records link up, but %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>BROKEN at record %1: %2 (the %n record(s) before it verified)</source>
        <translation>
            <numerusform>BROKEN at record %1: %2 (the %n record before it verified)</numerusform>
            <numerusform>BROKEN at record %1: %2 (the %n records before it verified)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>intact: %n record(s) verified, head anchor matches</source>
        <translation>
            <numerusform>intact: %n record verified, head anchor matches</numerusform>
            <numerusform>intact: %n records verified, head anchor matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>intact: %n record(s) verified, no head anchor to compare</source>
        <translation>
            <numerusform>intact: %n record verified, no head anchor to compare</numerusform>
            <numerusform>intact: %n records verified, no head anchor to compare</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::ActionDetailPane</name>
    <message numerus="yes">
        <source>… %n more line(s) not kept (past the run&apos;s 1 MiB of output)</source>
        <translation>
            <numerusform>… %n more line not kept (past the run&apos;s 1 MiB of output)</numerusform>
            <numerusform>… %n more lines not kept (past the run&apos;s 1 MiB of output)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::AgentTimeline</name>
    <message numerus="yes">
        <source>Reading %n run(s) of %1 for its timeline…</source>
        <translation>
            <numerusform>Reading %n run of %1 for its timeline…</numerusform>
            <numerusform>Reading %n runs of %1 for its timeline…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Timeline of %1: the newest %n run(s), %2 actions; %3 older run(s) left out</source>
        <translation>
            <numerusform>Timeline of %1: the newest run, %2 actions; %3 older runs left out</numerusform>
            <numerusform>Timeline of %1: the newest %n runs, %2 actions; %3 older runs left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Timeline of %1: %n run(s), %2 actions</source>
        <translation>
            <numerusform>Timeline of %1: %n run, %2 actions</numerusform>
            <numerusform>Timeline of %1: %n runs, %2 actions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalDock</name>
    <message numerus="yes">
        <source>%n privileged request(s) waiting for a decision</source>
        <translation>
            <numerusform>%n privileged request waiting for a decision</numerusform>
            <numerusform>%n privileged requests waiting for a decision</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalPanel</name>
    <message numerus="yes">
        <source>&amp;hellip; (%n more characters)</source>
        <translation>
            <numerusform>&amp;hellip; (%n more character)</numerusform>
            <numerusform>&amp;hellip; (%n more characters)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::InvestigationActions</name>
    <message numerus="yes">
        <source>%n action(s) exported to %1</source>
        <translation>
            <numerusform>%n action exported to %1</numerusform>
            <numerusform>%n actions exported to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>What if: %n run(s) replayed</source>
        <translation>
            <numerusform>What if: %n run replayed</numerusform>
            <numerusform>What if: %n runs replayed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::JudgementBanner</name>
    <message numerus="yes">
        <source>Before it failed, over %n action(s): %1 (confidence %2). %3</source>
        <translation>
            <numerusform>Before it failed, over %n action: %1 (confidence %2). %3</numerusform>
            <numerusform>Before it failed, over %n actions: %1 (confidence %2). %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n more)</numerusform>
            <numerusform>(%n more)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n request(s) wait for a decision. Quitting denies them and stops every live run. Quit anyway?</source>
        <translation>
            <numerusform>%n request waits for a decision. Quitting denies it and stops every live run. Quit anyway?</numerusform>
            <numerusform>%n requests wait for a decision. Quitting denies them and stops every live run. Quit anyway?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s) waiting</source>
        <translation>
            <numerusform>%n approval waiting</numerusform>
            <numerusform>%n approvals waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n run(s) before closing…</source>
        <translation>
            <numerusform>Stopping %n run before closing…</numerusform>
            <numerusform>Stopping %n runs before closing…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::ProvenanceView</name>
    <message numerus="yes">
        <source>The answer to %1 (%n action(s) followed):</source>
        <translation>
            <numerusform>The answer to %1 (%n action followed):</numerusform>
            <numerusform>The answer to %1 (%n actions followed):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>3. Refused: %n action(s) after the injection point</source>
        <translation>
            <numerusform>3. Refused: %n action after the injection point</numerusform>
            <numerusform>3. Refused: %n actions after the injection point</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) allowed out after the injection point:</source>
        <translation>
            <numerusform>%n action allowed out after the injection point:</numerusform>
            <numerusform>%n actions allowed out after the injection point:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::RunBands</name>
    <message numerus="yes">
        <source>%n action(s)</source>
        <translation>
            <numerusform>%n action</numerusform>
            <numerusform>%n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1, started %2, %3 long, %4: %n action(s). Click to open it.</source>
        <translation>
            <numerusform>Run %1, started %2, %3 long, %4: %n action. Click to open it.</numerusform>
            <numerusform>Run %1, started %2, %3 long, %4: %n actions. Click to open it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::RunsPane</name>
    <message numerus="yes">
        <source>Store: %1 — %n run(s)</source>
        <translation>
            <numerusform>Store: %1 — %n run</numerusform>
            <numerusform>Store: %1 — %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) match &quot;%1&quot;</source>
        <translation>
            <numerusform>%n run matches &quot;%1&quot;</numerusform>
            <numerusform>%n runs match &quot;%1&quot;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All agents (%n run(s))</source>
        <translation>
            <numerusform>All agents (%n run)</numerusform>
            <numerusform>All agents (%n runs)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n run(s), last: %2</source>
        <translation>
            <numerusform>%1 — %n run, last: %2</numerusform>
            <numerusform>%1 — %n runs, last: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::WhatIfDialog</name>
    <message numerus="yes">
        <source>%n run(s) of %1 replayed</source>
        <translation>
            <numerusform>%n run of %1 replayed</numerusform>
            <numerusform>%n runs of %1 replayed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <translation>
            <numerusform>%n action</numerusform>
            <numerusform>%n actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) would change</source>
        <translation>
            <numerusform>%n run would change</numerusform>
            <numerusform>%n runs would change</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n verdict(s) would change</source>
        <translation>
            <numerusform>%n verdict would change</numerusform>
            <numerusform>%n verdicts would change</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) judged malicious would now have something allowed</source>
        <translation>
            <numerusform>%n run judged malicious would now have something allowed</numerusform>
            <numerusform>%n runs judged malicious would now have something allowed</numerusform>
        </translation>
    </message>
</context>
</TS>
