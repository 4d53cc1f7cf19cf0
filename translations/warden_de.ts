<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>DisplayWords</name>
    <message>
        <source>allowed</source>
        <translation>erlaubt</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>verweigert</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>killed</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>benign</source>
        <translation>harmlos</translation>
    </message>
    <message>
        <source>suspicious</source>
        <translation>verdächtig</translation>
    </message>
    <message>
        <source>malicious</source>
        <translation>bösartig</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>syscall</source>
        <translation>Systemaufruf</translation>
    </message>
    <message>
        <source>runtime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>MCP</source>
        <translation>MCP</translation>
    </message>
    <message>
        <source>run failed</source>
        <translation>Lauf fehlgeschlagen</translation>
    </message>
    <message>
        <source>not judged</source>
        <translation>nicht beurteilt</translation>
    </message>
    <message>
        <source>model door</source>
        <translation>Modell-Tür</translation>
    </message>
</context>
<context>
    <name>ReportExporter</name>
    <message>
        <source>could not be checked: %1</source>
        <translation>konnte nicht geprüft werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>NOT PROVEN: %n record(s) link up, but %1</source>
        <translation>
            <numerusform>NICHT BEWIESEN: %n Eintrag hängt lückenlos zusammen, aber %1</numerusform>
            <numerusform>NICHT BEWIESEN: %n Einträge hängen lückenlos zusammen, aber %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>BROKEN at record %1: %2 (the %n record(s) before it verified)</source>
        <translation>
            <numerusform>GEBROCHEN bei Eintrag %1: %2 (der %n Eintrag davor ist geprüft)</numerusform>
            <numerusform>GEBROCHEN bei Eintrag %1: %2 (die %n Einträge davor sind geprüft)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>intact: %n record(s) verified, head anchor matches</source>
        <translation>
            <numerusform>intakt: %n Eintrag geprüft, der Kopfanker stimmt</numerusform>
            <numerusform>intakt: %n Einträge geprüft, der Kopfanker stimmt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>intact: %n record(s) verified, no head anchor to compare</source>
        <translation>
            <numerusform>intakt: %n Eintrag geprüft, kein Kopfanker zum Vergleich</numerusform>
            <numerusform>intakt: %n Einträge geprüft, kein Kopfanker zum Vergleich</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Security console for AI agents in sandboxes</source>
        <translation>Sicherheitskonsole für KI-Agenten in Sandboxes</translation>
    </message>
    <message>
        <source>Audit store to open.</source>
        <translation>Zu öffnender Audit-Speicher.</translation>
    </message>
    <message>
        <source>Run a smoke test of the console and exit.</source>
        <translation>Einen Rauchtest der Konsole ausführen und beenden.</translation>
    </message>
    <message>
        <source>Save the window to FILE once the run is shown, then quit.</source>
        <translation>Das Fenster als DATEI speichern, sobald der Lauf angezeigt wird, dann beenden.</translation>
    </message>
    <message>
        <source>Seconds to wait before the screenshot (default 1).</source>
        <translation>Sekunden bis zum Bildschirmfoto (Standard 1).</translation>
    </message>
    <message>
        <source>Interface language (en, de).</source>
        <translation>Sprache der Oberfläche (en, de).</translation>
    </message>
    <message>
        <source>Write the shown run&apos;s incident report to BASE.html and BASE.pdf once it is shown, then quit.</source>
        <translation>Den Vorfallbericht des angezeigten Laufs als BASE.html und BASE.pdf schreiben, dann beenden.</translation>
    </message>
    <message>
        <source>Open on the runs or hosts screen.</source>
        <translation>Mit der Ansicht Läufe oder Hosts öffnen.</translation>
    </message>
    <message>
        <source>Theme for this start: system, light or dark.</source>
        <translation>Farbschema für diesen Start: system, light oder dark.</translation>
    </message>
    <message>
        <source>List the runs of agent NAME, all of them on the timeline.</source>
        <translation>Die Läufe des Agenten NAME zeigen, alle auf der Zeitleiste.</translation>
    </message>
    <message>
        <source>Start the demo NAME (code-bot; with an agent CLI installed, claude-code-injected).</source>
        <translation>Die Demo NAME starten (code-bot; mit installierter Agenten-CLI claude-code-injected).</translation>
    </message>
    <message>
        <source>Replay the stored runs of FILE&apos;s agent under the declaration FILE and show what would change.</source>
        <translation>Die gespeicherten Läufe des Agenten aus DATEI unter der Deklaration DATEI erneut entscheiden und zeigen, was sich ändern würde.</translation>
    </message>
</context>
<context>
    <name>warden::BubblewrapSandbox</name>
    <message>
        <source>wall-clock limit reached</source>
        <translation>Zeitlimit erreicht</translation>
    </message>
    <message>
        <source>cannot start bwrap: %1</source>
        <translation>bwrap startet nicht: %1</translation>
    </message>
    <message>
        <source>the sandbox crashed</source>
        <translation>die Sandbox ist abgestürzt</translation>
    </message>
    <message>
        <source>exited normally</source>
        <translation>normal beendet</translation>
    </message>
    <message>
        <source>exited with status %1</source>
        <translation>mit Status %1 beendet</translation>
    </message>
    <message>
        <source>bubblewrap (Linux namespaces)</source>
        <translation>bubblewrap (Linux-Namespaces)</translation>
    </message>
    <message>
        <source>cannot create the info pipe</source>
        <translation>die Info-Pipe kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>bwrap did not report its child</source>
        <translation>bwrap hat seinen Kindprozess nicht gemeldet</translation>
    </message>
    <message>
        <source>hardening check failed: %1</source>
        <translation>Härtungsprüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>a process was killed for memory (the run&apos;s limit is %1 MiB)</source>
        <translation>ein Prozess wurde wegen Speicher beendet (die Grenze des Laufs ist %1 MiB)</translation>
    </message>
    <message>
        <source>cannot prepare the sandbox&apos;s arguments and seccomp filter</source>
        <translation>die Argumente und der seccomp-Filter der Sandbox lassen sich nicht vorbereiten</translation>
    </message>
</context>
<context>
    <name>warden::DockerSandbox</name>
    <message>
        <source>wall-clock limit reached</source>
        <translation>Zeitlimit erreicht</translation>
    </message>
    <message>
        <source>the warden is closing</source>
        <translation>der Warden wird beendet</translation>
    </message>
    <message>
        <source>docker %1 (container, %2)</source>
        <translation>docker %1 (Container, %2)</translation>
    </message>
    <message>
        <source>the engine refused to create the container (HTTP %1): %2</source>
        <translation>die Engine hat das Anlegen des Containers abgelehnt (HTTP %1): %2</translation>
    </message>
    <message>
        <source>hardening check failed, the container was not started: %1</source>
        <translation>Härtungsprüfung fehlgeschlagen, der Container wurde nicht gestartet: %1</translation>
    </message>
    <message>
        <source>the container did not start: %1</source>
        <translation>der Container ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>exited normally</source>
        <translation>normal beendet</translation>
    </message>
    <message>
        <source>exited with status %1</source>
        <translation>mit Status %1 beendet</translation>
    </message>
    <message>
        <source>a process was killed for memory (the run&apos;s limit is %1 MiB)</source>
        <translation>ein Prozess wurde wegen Speicher beendet (die Grenze des Laufs ist %1 MiB)</translation>
    </message>
</context>
<context>
    <name>warden::EgressProxy</name>
    <message>
        <source>bad proxy request: %1</source>
        <translation>fehlerhafte Proxy-Anfrage: %1</translation>
    </message>
    <message>
        <source>a proxy peer is not this run&apos;s sandbox user (uid %1)</source>
        <translation>ein Proxy-Partner ist nicht der Sandbox-Benutzer dieses Laufs (uid %1)</translation>
    </message>
    <message>
        <source>more than %1 proxy connections open</source>
        <translation>mehr als %1 Proxy-Verbindungen offen</translation>
    </message>
    <message>
        <source>a proxy request head did not arrive within %1 s</source>
        <translation>ein Proxy-Anfragekopf kam nicht innerhalb von %1 s an</translation>
    </message>
    <message>
        <source>bytes after a judged HTTP request were dropped (one request per connection)</source>
        <translation>Bytes nach einer beurteilten HTTP-Anfrage wurden verworfen (eine Anfrage je Verbindung)</translation>
    </message>
</context>
<context>
    <name>warden::GatewayServer</name>
    <message>
        <source>oversized request line (over %1 bytes)</source>
        <translation>zu lange Anfragezeile (über %1 Bytes)</translation>
    </message>
    <message>
        <source>request flood (over %1 a second)</source>
        <translation>Anfrageflut (über %1 pro Sekunde)</translation>
    </message>
    <message>
        <source>too many open requests on one connection</source>
        <translation>zu viele offene Anfragen auf einer Verbindung</translation>
    </message>
    <message>
        <source>malformed request: %1</source>
        <translation>fehlerhafte Anfrage: %1</translation>
    </message>
    <message>
        <source>the peer is not this run&apos;s sandbox user (uid %1)</source>
        <translation>der Partner ist nicht der Sandbox-Benutzer dieses Laufs (uid %1)</translation>
    </message>
    <message>
        <source>more than %1 open</source>
        <translation>mehr als %1 offen</translation>
    </message>
    <message>
        <source>internal error on a request: %1</source>
        <translation>interner Fehler bei einer Anfrage: %1</translation>
    </message>
    <message>
        <source>the agent left over %1 bytes of replies unread; connection closed</source>
        <translation>der Agent ließ über %1 Bytes an Antworten ungelesen; Verbindung geschlossen</translation>
    </message>
</context>
<context>
    <name>warden::HostClient</name>
    <message>
        <source>no PEM certificate in the CA file %1</source>
        <translation>kein PEM-Zertifikat in der CA-Datei %1</translation>
    </message>
    <message>
        <source>%1: the host&apos;s certificate is not trusted: %2</source>
        <translation>%1: dem Zertifikat des Hosts wird nicht vertraut: %2</translation>
    </message>
    <message>
        <source>cannot reach %1: %2</source>
        <translation>%1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>%1 sent something that is not a JSON object</source>
        <translation>%1 hat etwas gesendet, das kein JSON-Objekt ist</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>%1 sent a line longer than 8 MiB</source>
        <translation>%1 hat eine Zeile über 8 MiB gesendet</translation>
    </message>
</context>
<context>
    <name>warden::LiveRun</name>
    <message>
        <source>cannot create the run directory</source>
        <translation>das Laufverzeichnis kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>booting the sandbox</source>
        <translation>Sandbox wird gestartet</translation>
    </message>
    <message>
        <source>the audit store failed: %1</source>
        <translation>der Audit-Speicher ist ausgefallen: %1</translation>
    </message>
    <message>
        <source>the run exceeded its audit quota (%1 records, %2 MiB); it was ended</source>
        <translation>der Lauf überschritt sein Audit-Kontingent (%1 Einträge, %2 MiB); er wurde beendet</translation>
    </message>
</context>
<context>
    <name>warden::McpBridge</name>
    <message>
        <source>an MCP connection from outside the run&apos;s sandbox user (uid %1)</source>
        <translation>eine MCP-Verbindung von außerhalb des Sandbox-Benutzers dieses Laufs (uid %1)</translation>
    </message>
    <message>
        <source>more than %1 MCP sessions open</source>
        <translation>mehr als %1 MCP-Sitzungen offen</translation>
    </message>
    <message>
        <source>an MCP connection that never named its server</source>
        <translation>eine MCP-Verbindung, die ihren Server nie genannt hat</translation>
    </message>
    <message>
        <source>an MCP connection whose first line does not name a server</source>
        <translation>eine MCP-Verbindung, deren erste Zeile keinen Server nennt</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; is not declared</source>
        <translation>MCP-Server „%1“ ist nicht deklariert</translation>
    </message>
    <message>
        <source>no sandbox root for MCP servers is set</source>
        <translation>für MCP-Server ist keine Sandbox-Wurzel gesetzt</translation>
    </message>
    <message>
        <source>more than %1 MCP connections that have not said what they are for</source>
        <translation>mehr als %1 MCP-Verbindungen, die nicht gesagt haben, wofür sie sind</translation>
    </message>
    <message>
        <source>more than %1 MCP HTTP connections open</source>
        <translation>mehr als %1 MCP-HTTP-Verbindungen offen</translation>
    </message>
</context>
<context>
    <name>warden::McpHttpFront</name>
    <message>
        <source>a refused MCP HTTP request: %1</source>
        <translation>eine abgewiesene MCP-HTTP-Anfrage: %1</translation>
    </message>
    <message>
        <source>malformed MCP message: %1</source>
        <translation>fehlerhafte MCP-Nachricht: %1</translation>
    </message>
    <message>
        <source>an MCP HTTP session unused for %1 minutes was ended</source>
        <translation>eine MCP-HTTP-Sitzung, %1 Minuten ungenutzt, wurde beendet</translation>
    </message>
    <message>
        <source>an MCP HTTP client left over %1 bytes unread; its connection was closed</source>
        <translation>ein MCP-HTTP-Client ließ über %1 Bytes ungelesen; seine Verbindung wurde geschlossen</translation>
    </message>
    <message>
        <source>more than %1 MCP HTTP sessions busy at once (the run&apos;s limit): a new session was refused; end one (DELETE) or wait for its answers</source>
        <translation>mehr als %1 MCP-HTTP-Sitzungen gleichzeitig beschäftigt (die Grenze des Laufs): eine neue Sitzung wurde abgelehnt; eine beenden (DELETE) oder auf ihre Antworten warten</translation>
    </message>
</context>
<context>
    <name>warden::McpRemoteServer</name>
    <message>
        <source>the egress policy refuses MCP server &quot;%1&quot; at %2: %3</source>
        <translation>die Egress-Richtlinie verweigert den MCP-Server &quot;%1&quot; unter %2: %3</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; sent something that is not a JSON-RPC message: %2</source>
        <translation>MCP-Server &quot;%1&quot; sandte etwas, das keine JSON-RPC-Nachricht ist: %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; cannot be reached: %2</source>
        <translation>MCP-Server &quot;%1&quot; ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; ended the session (HTTP 404)</source>
        <translation>MCP-Server &quot;%1&quot; hat die Sitzung beendet (HTTP 404)</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot;: %2</source>
        <translation>MCP-Server &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; failed %2 exchanges; it was given up on</source>
        <translation>MCP-Server &quot;%1&quot; scheiterte an %2 Austauschen; er wurde aufgegeben</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; takes its token from the warden&apos;s keychain, which gave none for %2 (%3); store one with: wardenctl mcp-token set %2</source>
        <translation>MCP-Server &quot;%1&quot; erhält sein Token aus dem Schlüsselbund des Wardens, der für %2 keines lieferte (%3); hinterlegen Sie eines mit: wardenctl mcp-token set %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot;: the keychain&apos;s token for %2 is not one a header can carry (1 to 8192 visible ASCII characters)</source>
        <translation>MCP-Server &quot;%1&quot;: das Token des Schlüsselbunds für %2 kann kein Header tragen (1 bis 8192 sichtbare ASCII-Zeichen)</translation>
    </message>
</context>
<context>
    <name>warden::McpServerProcess</name>
    <message>
        <source>the sandbox for MCP server &quot;%1&quot; did not start: %2</source>
        <translation>die Sandbox für MCP-Server „%1“ ist nicht gestartet: %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; was killed or crashed</source>
        <translation>MCP-Server „%1“ wurde beendet oder ist abgestürzt</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; exited with status %2</source>
        <translation>MCP-Server „%1“ endete mit Status %2</translation>
    </message>
    <message>
        <source> (its last words: %1)</source>
        <translation> (seine letzten Worte: %1)</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; sent a message over %2 bytes; it was ended</source>
        <translation>MCP-Server „%1“ sendete eine Nachricht über %2 Bytes; er wurde beendet</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; kept writing what is not JSON-RPC; it was ended</source>
        <translation>MCP-Server „%1“ schrieb wiederholt kein JSON-RPC; er wurde beendet</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; wrote a line that is not a JSON-RPC message (%2)</source>
        <translation>MCP-Server „%1“ schrieb eine Zeile, die keine JSON-RPC-Nachricht ist (%2)</translation>
    </message>
    <message>
        <source>cannot set up the sandbox for MCP server &quot;%1&quot;: %2</source>
        <translation>MCP-Server &quot;%1&quot;: Sandbox kann nicht eingerichtet werden: %2</translation>
    </message>
</context>
<context>
    <name>warden::McpSession</name>
    <message>
        <source>an MCP message over %1 bytes to server &quot;%2&quot;</source>
        <translation>eine MCP-Nachricht über %1 Bytes an Server „%2“</translation>
    </message>
    <message>
        <source>internal error on an MCP message: %1</source>
        <translation>interner Fehler bei einer MCP-Nachricht: %1</translation>
    </message>
    <message>
        <source>malformed MCP message: %1</source>
        <translation>fehlerhafte MCP-Nachricht: %1</translation>
    </message>
    <message>
        <source>too many open MCP requests to server &quot;%1&quot;</source>
        <translation>zu viele offene MCP-Anfragen an Server „%1“</translation>
    </message>
    <message>
        <source>an MCP response no request asked for</source>
        <translation>eine MCP-Antwort, nach der keine Anfrage fragte</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; sent an invalid message: %2</source>
        <translation>MCP-Server „%1“ sendete eine ungültige Nachricht: %2</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; asked the client for &quot;%2&quot;; Warden refused</source>
        <translation>MCP-Server „%1“ verlangte vom Client „%2“; Warden lehnte ab</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; changed its tool list during the run</source>
        <translation>MCP-Server „%1“ änderte seine Werkzeugliste während des Laufs</translation>
    </message>
    <message>
        <source>MCP server &quot;%1&quot; sent a response with no id of Warden&apos;s</source>
        <translation>MCP-Server „%1“ sendete eine Antwort ohne eine ID von Warden</translation>
    </message>
    <message>
        <source>the MCP client left over %1 bytes unread; the session was closed</source>
        <translation>der MCP-Client ließ über %1 Bytes ungelesen; die Sitzung wurde geschlossen</translation>
    </message>
</context>
<context>
    <name>warden::ModelDoor</name>
    <message>
        <source>a model door peer is not this run&apos;s sandbox user (uid %1)</source>
        <translation>eine Gegenstelle der Modell-Tür ist nicht der Sandbox-Benutzer dieses Laufs (UID %1)</translation>
    </message>
    <message>
        <source>more than %1 model connections open</source>
        <translation>mehr als %1 Modell-Verbindungen offen</translation>
    </message>
    <message>
        <source>the model door refused a request: %1</source>
        <translation>die Modell-Tür hat eine Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>the agent did not read its model&apos;s answer (%1 bytes unread); the connection was closed</source>
        <translation>der Agent hat die Antwort seines Modells nicht gelesen (%1 Bytes ungelesen); die Verbindung wurde geschlossen</translation>
    </message>
</context>
<context>
    <name>warden::RemoteRunMirror</name>
    <message>
        <source>the audit store is not open yet</source>
        <translation>der Audit-Speicher ist noch nicht geöffnet</translation>
    </message>
    <message>
        <source>the host closed the connection</source>
        <translation>der Host hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>the audit store failed: %1</source>
        <translation>der Audit-Speicher ist ausgefallen: %1</translation>
    </message>
    <message>
        <source>%1 refused the run: %2</source>
        <translation>%1 hat den Lauf abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 answered with a run this console cannot record: %2</source>
        <translation>%1 hat mit einem Lauf geantwortet, den diese Konsole nicht aufzeichnen kann: %2</translation>
    </message>
    <message>
        <source>bad run id</source>
        <translation>ungültige Lauf-ID</translation>
    </message>
    <message>
        <source>%1 sent an action this console cannot record; it was left out</source>
        <translation>%1 hat eine Aktion gesendet, die diese Konsole nicht aufzeichnen kann; sie wurde ausgelassen</translation>
    </message>
    <message>
        <source>%1 sent an approval request this console cannot show</source>
        <translation>%1 hat eine Genehmigungsanfrage gesendet, die diese Konsole nicht anzeigen kann</translation>
    </message>
    <message>
        <source>the host did not take the decision on %1: %2</source>
        <translation>der Host hat die Entscheidung zu %1 nicht angenommen: %2</translation>
    </message>
    <message>
        <source>lost the connection to %1: %2; the host stops the run</source>
        <translation>Verbindung zu %1 verloren: %2; der Host beendet den Lauf</translation>
    </message>
</context>
<context>
    <name>warden::RequestComparison</name>
    <message>
        <source>command allowed as &quot;%1&quot;</source>
        <translation>Befehl erlaubt als „%1“</translation>
    </message>
    <message>
        <source>, at most %1 characters</source>
        <translation>, höchstens %1 Zeichen</translation>
    </message>
    <message>
        <source>path within %1</source>
        <translation>Pfad innerhalb von %1</translation>
    </message>
    <message>
        <source>command allowed as %1</source>
        <translation>Befehl erlaubt als %1</translation>
    </message>
    <message>
        <source>URL (%1) to a declared destination</source>
        <translation>URL (%1) zu einem deklarierten Ziel</translation>
    </message>
    <message>
        <source>text matching %1</source>
        <translation>Text passend zu %1</translation>
    </message>
    <message>
        <source>any text</source>
        <translation>beliebiger Text</translation>
    </message>
    <message>
        <source>integer from %1 up to %2</source>
        <translation>ganze Zahl von %1 bis %2</translation>
    </message>
    <message>
        <source>integer from %1</source>
        <translation>ganze Zahl ab %1</translation>
    </message>
    <message>
        <source>integer up to %1</source>
        <translation>ganze Zahl bis %1</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>ganze Zahl</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true oder false</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>eines von %1</translation>
    </message>
    <message>
        <source>approval required</source>
        <translation>Genehmigung erforderlich</translation>
    </message>
    <message>
        <source>hours %1</source>
        <translation>Zeiten %1</translation>
    </message>
    <message>
        <source>not declared for this tool</source>
        <translation>für dieses Werkzeug nicht deklariert</translation>
    </message>
    <message>
        <source>the tool is not declared</source>
        <translation>das Werkzeug ist nicht deklariert</translation>
    </message>
</context>
<context>
    <name>warden::RunSupervisor</name>
    <message>
        <source>the audit store is not open yet</source>
        <translation>der Audit-Speicher ist noch nicht geöffnet</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
</context>
<context>
    <name>warden::ui::ActionDetailPane</name>
    <message>
        <source>Action detail</source>
        <translation>Aktionsdetails</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>Deklaration</translation>
    </message>
    <message>
        <source>Select an action to see what was decided, why, and by whom.</source>
        <translation>Wählen Sie eine Aktion, um zu sehen, was entschieden wurde, warum und von wem.</translation>
    </message>
    <message>
        <source>Allowed: %1 %2</source>
        <translation>Erlaubt: %1 %2</translation>
    </message>
    <message>
        <source>Allowed: %1</source>
        <translation>Erlaubt: %1</translation>
    </message>
    <message>
        <source>Denied: %1</source>
        <translation>Verweigert: %1</translation>
    </message>
    <message>
        <source>%1 %2 is not declared</source>
        <translation>%1 %2 ist nicht deklariert</translation>
    </message>
    <message>
        <source>Approved by %1 at %2.</source>
        <translation>Genehmigt von %1 um %2.</translation>
    </message>
    <message>
        <source>Approved by %1 at %2: %3</source>
        <translation>Genehmigt von %1 um %2: %3</translation>
    </message>
    <message>
        <source>Denied by %1 at %2.</source>
        <translation>Verweigert von %1 um %2.</translation>
    </message>
    <message>
        <source>Denied by %1 at %2: %3</source>
        <translation>Verweigert von %1 um %2: %3</translation>
    </message>
    <message>
        <source>Waiting for a reviewer until %1 (silence denies): %2 %3</source>
        <translation>Wartet bis %1 auf einen Prüfer (Schweigen verweigert): %2 %3</translation>
    </message>
    <message>
        <source>Held for a reviewer&apos;s approval: %1 %2</source>
        <translation>Zur Genehmigung durch einen Prüfer angehalten: %1 %2</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Genehmigung</translation>
    </message>
    <message>
        <source>The stored declaration does not parse: %1
</source>
        <translation>Die gespeicherte Deklaration ist nicht lesbar: %1
</translation>
    </message>
    <message>
        <source>
As declared (%1 bytes):
</source>
        <translation>
Wie deklariert (%1 Bytes):
</translation>
    </message>
    <message>
        <source>the gateway (the agent asked for a tool)</source>
        <translation>das Gateway (der Agent hat ein Werkzeug angefordert)</translation>
    </message>
    <message>
        <source>the egress proxy (the agent reached for the network)</source>
        <translation>der Egress-Proxy (der Agent wollte ins Netz)</translation>
    </message>
    <message>
        <source>the code scanner (in code handed to a tool, before it ran)</source>
        <translation>der Code-Scanner (im Code für ein Werkzeug, bevor er lief)</translation>
    </message>
    <message>
        <source>the syscall supervisor (what the agent&apos;s processes actually did)</source>
        <translation>die Systemaufruf-Überwachung (was die Prozesse des Agenten tatsächlich taten)</translation>
    </message>
    <message>
        <source>the sandbox runtime</source>
        <translation>die Sandbox-Laufzeit</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>Seen by: %1</source>
        <translation>Gesehen von: %1</translation>
    </message>
    <message>
        <source>the MCP bridge (the agent&apos;s MCP client called a server&apos;s tool)</source>
        <translation>die MCP-Brücke (der MCP-Client des Agenten rief ein Werkzeug eines Servers auf)</translation>
    </message>
    <message>
        <source>Agent output</source>
        <translation>Ausgabe des Agenten</translation>
    </message>
    <message>
        <source>What the agent printed (canary values cut out) appears here.</source>
        <translation>Was der Agent ausgegeben hat (ohne Köderwerte), erscheint hier.</translation>
    </message>
    <message numerus="yes">
        <source>… %n more line(s) not kept (past the run&apos;s 1 MiB of output)</source>
        <translation>
            <numerusform>… %n weitere Zeile nicht aufbewahrt (über 1 MiB Ausgabe des Laufs hinaus)</numerusform>
            <numerusform>… %n weitere Zeilen nicht aufbewahrt (über 1 MiB Ausgabe des Laufs hinaus)</numerusform>
        </translation>
    </message>
    <message>
        <source>Denied: no reviewer decided by %1, and silence denies.</source>
        <translation>Verweigert: bis %1 hat niemand entschieden, und Schweigen verweigert.</translation>
    </message>
    <message>
        <source>Denied, undecided: %1.</source>
        <translation>Verweigert, unentschieden: %1.</translation>
    </message>
    <message>
        <source>the model door (the agent asked its model)</source>
        <translation>die Modell-Tür (der Agent hat sein Modell gefragt)</translation>
    </message>
    <message>
        <source>How it happened</source>
        <translation>Wie es geschah</translation>
    </message>
    <message>
        <source>Asked for by: the model&apos;s answer to #%1</source>
        <translation>Verlangt von: der Antwort des Modells auf #%1</translation>
    </message>
    <message>
        <source>Asked for by: the model&apos;s answer to #%1, %2</source>
        <translation>Verlangt von: der Antwort des Modells auf #%1, %2</translation>
    </message>
    <message>
        <source>a tool</source>
        <translation>einem Werkzeug</translation>
    </message>
    <message>
        <source>Sent back the result of %1 (%2 bytes).</source>
        <translation>Schickte das Ergebnis von %1 zurück (%2 Bytes).</translation>
    </message>
    <message>
        <source>Sent back the result of %1 (%2 bytes), which carried instructions: %3.</source>
        <translation>Schickte das Ergebnis von %1 zurück (%2 Bytes), das Anweisungen enthielt: %3.</translation>
    </message>
    <message>
        <source>The model answered (HTTP %1): stopped for %2, %3 tokens in, %4 out.</source>
        <translation>Das Modell antwortete (HTTP %1): Ende wegen %2, %3 Token hinein, %4 heraus.</translation>
    </message>
    <message>
        <source>no stated reason</source>
        <translation>keines genannten Grundes</translation>
    </message>
    <message>
        <source>It asked for %1: %2</source>
        <translation>Es verlangte %1: %2</translation>
    </message>
    <message>
        <source>The exchange failed: %1</source>
        <translation>Der Austausch schlug fehl: %1</translation>
    </message>
    <message>
        <source>No answer is on record for this request yet.</source>
        <translation>Für diese Anfrage ist noch keine Antwort aufgezeichnet.</translation>
    </message>
</context>
<context>
    <name>warden::ui::ActionTableModel</name>
    <message>
        <source>declared</source>
        <translation>deklariert</translation>
    </message>
    <message>
        <source>undeclared</source>
        <translation>nicht deklariert</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>Deklariert</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>(the stored record is not JSON)</source>
        <translation>(der gespeicherte Eintrag ist kein JSON)</translation>
    </message>
    <message>
        <source>(unreadable: %1)</source>
        <translation>(nicht lesbar: %1)</translation>
    </message>
    <message>
        <source>(not judged)</source>
        <translation>(nicht beurteilt)</translation>
    </message>
    <message>
        <source>Seen by</source>
        <translation>Gesehen von</translation>
    </message>
</context>
<context>
    <name>warden::ui::AgentRunDialog</name>
    <message>
        <source>Run an agent CLI</source>
        <translation>Agenten-CLI ausführen</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1 (nicht installiert)</translation>
    </message>
    <message>
        <source>What the agent is asked to do, e.g. Fix the failing test in this repository.</source>
        <translation>Was der Agent tun soll, z. B. Fix the failing test in this repository.</translation>
    </message>
    <message>
        <source>bubblewrap on this machine</source>
        <translation>bubblewrap auf diesem Rechner</translation>
    </message>
    <message>
        <source>%1: Docker engine</source>
        <translation>%1: Docker-Engine</translation>
    </message>
    <message>
        <source>Docker engine (DOCKER_HOST)</source>
        <translation>Docker-Engine (DOCKER_HOST)</translation>
    </message>
    <message>
        <source>Agent CLI</source>
        <translation>Agenten-CLI</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Model URL</source>
        <translation>Modell-URL</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>Deklaration</translation>
    </message>
    <message>
        <source>Declaration (*.json)</source>
        <translation>Deklaration (*.json)</translation>
    </message>
    <message>
        <source>The workspace is writable by the agent (its working directory, /workspace); its home is fresh for the run. The API key is taken from this console&apos;s environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY).</source>
        <translation>Der Agent darf im Arbeitsverzeichnis schreiben (sein Arbeitsverzeichnis, /workspace); sein Home-Verzeichnis ist für den Lauf neu. Der API-Schlüssel kommt aus der Umgebung dieser Konsole (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY).</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>the vendor&apos;s: %1</source>
        <translation>die des Anbieters: %1</translation>
    </message>
    <message>
        <source>Warden&apos;s for the CLI: %1</source>
        <translation>die von Warden für die CLI: %1</translation>
    </message>
    <message>
        <source>Choose an agent CLI.</source>
        <translation>Wählen Sie eine Agenten-CLI.</translation>
    </message>
    <message>
        <source>Choose the workspace the agent works in.</source>
        <translation>Wählen Sie das Arbeitsverzeichnis des Agenten.</translation>
    </message>
    <message>
        <source>Give the agent its prompt.</source>
        <translation>Geben Sie dem Agenten seinen Prompt.</translation>
    </message>
</context>
<context>
    <name>warden::ui::AgentTimeline</name>
    <message numerus="yes">
        <source>Reading %n run(s) of %1 for its timeline…</source>
        <translation>
            <numerusform>%n Lauf von %1 wird für die Zeitleiste gelesen…</numerusform>
            <numerusform>%n Läufe von %1 werden für die Zeitleiste gelesen…</numerusform>
        </translation>
    </message>
    <message>
        <source>The timeline of %1 could not be read: %2</source>
        <translation>Die Zeitleiste von %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Timeline of %1: the newest %n run(s), %2 actions; %3 older run(s) left out</source>
        <translation>
            <numerusform>Zeitleiste von %1: der neueste Lauf, %2 Aktionen; %3 ältere Läufe ausgelassen</numerusform>
            <numerusform>Zeitleiste von %1: die neuesten %n Läufe, %2 Aktionen; %3 ältere Läufe ausgelassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Timeline of %1: %n run(s), %2 actions</source>
        <translation>
            <numerusform>Zeitleiste von %1: %n Lauf, %2 Aktionen</numerusform>
            <numerusform>Zeitleiste von %1: %n Läufe, %2 Aktionen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalDock</name>
    <message>
        <source>Warden</source>
        <translation>Warden</translation>
    </message>
    <message numerus="yes">
        <source>%n privileged request(s) waiting for a decision</source>
        <translation>
            <numerusform>%n privilegierte Anfrage wartet auf eine Entscheidung</numerusform>
            <numerusform>%n privilegierte Anfragen warten auf eine Entscheidung</numerusform>
        </translation>
    </message>
    <message>
        <source>Approvals (%1 waiting)</source>
        <translation>Genehmigungen (%1 wartend)</translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalPanel</name>
    <message>
        <source>Deny request</source>
        <translation>Anfrage ablehnen</translation>
    </message>
    <message>
        <source>Reason (sent to the agent):</source>
        <translation>Begründung (geht an den Agenten):</translation>
    </message>
    <message>
        <source>&lt;i&gt;No requests are waiting. Privileged requests appear here; nothing runs without a decision, and silence denies.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Keine Anfragen warten. Privilegierte Anfragen erscheinen hier; nichts läuft ohne Entscheidung, und Schweigen lehnt ab.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; wants &lt;b&gt;%2&lt;/b&gt;&lt;br/&gt;why: %3&lt;br/&gt;rule: &lt;code&gt;%4&lt;/code&gt;&lt;br/&gt;judge: %5&lt;br/&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; möchte &lt;b&gt;%2&lt;/b&gt;&lt;br/&gt;Grund: %3&lt;br/&gt;Regel: &lt;code&gt;%4&lt;/code&gt;&lt;br/&gt;Urteil: %5&lt;br/&gt;%6</translation>
    </message>
    <message>
        <source>(run ended)</source>
        <translation>(Lauf beendet)</translation>
    </message>
    <message>
        <source>&lt;b&gt;expired: silence denied it&lt;/b&gt;</source>
        <translation>&lt;b&gt;abgelaufen: Schweigen hat abgelehnt&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;time left: %1:%2&lt;/b&gt;</source>
        <translation>&lt;b&gt;verbleibend: %1:%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>a denial needs a reason: the agent is told why</source>
        <translation>eine Ablehnung braucht eine Begründung: der Agent erfährt sie</translation>
    </message>
    <message>
        <source>The parameters exactly as the agent sent them</source>
        <translation>Die Parameter genau so, wie der Agent sie gesendet hat</translation>
    </message>
    <message>
        <source>&lt;i&gt;The run&apos;s declaration is not at hand; the parameters are shown as sent.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Die Deklaration des Laufs liegt nicht vor; die Parameter werden wie gesendet gezeigt.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Parameters against the declaration&lt;/b&gt; &amp;mdash; &lt;span style=&quot;%1&quot;&gt;highlighted&lt;/span&gt;: what the agent chose where the declaration leaves room</source>
        <translation>&lt;b&gt;Parameter im Vergleich zur Deklaration&lt;/b&gt; &amp;mdash; &lt;span style=&quot;%1&quot;&gt;hervorgehoben&lt;/span&gt;: was der Agent dort gewählt hat, wo die Deklaration Spielraum lässt</translation>
    </message>
    <message>
        <source>tool declared with: %1</source>
        <translation>Werkzeug deklariert mit: %1</translation>
    </message>
    <message numerus="yes">
        <source>&amp;hellip; (%n more characters)</source>
        <translation>
            <numerusform>&amp;hellip; (%n weiteres Zeichen)</numerusform>
            <numerusform>&amp;hellip; (%n weitere Zeichen)</numerusform>
        </translation>
    </message>
    <message>
        <source>declared: %1</source>
        <translation>deklariert: %1</translation>
    </message>
    <message>
        <source>not in the declaration</source>
        <translation>nicht in der Deklaration</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>fehlt</translation>
    </message>
    <message>
        <source>&lt;br/&gt;the server describes it: &lt;i&gt;%1&lt;/i&gt;</source>
        <translation>&lt;br/&gt;der Server beschreibt es: &lt;i&gt;%1&lt;/i&gt;</translation>
    </message>
    <message>
        <source>

// the tool&apos;s input schema, as its server lists it:
</source>
        <translation>

// das Eingabeschema des Werkzeugs, wie sein Server es angibt:
</translation>
    </message>
    <message>
        <source>Who is deciding?</source>
        <translation>Wer entscheidet?</translation>
    </message>
    <message>
        <source>Your name, as it will stand on every decision you make here:</source>
        <translation>Ihr Name, wie er bei jeder Ihrer Entscheidungen hier stehen wird:</translation>
    </message>
    <message>
        <source>Approve once</source>
        <translation>Einmal genehmigen</translation>
    </message>
    <message>
        <source>Approve for this run</source>
        <translation>Für diesen Lauf genehmigen</translation>
    </message>
    <message>
        <source>Deny…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Clear expired requests</source>
        <translation>Abgelaufene Anfragen entfernen</translation>
    </message>
    <message>
        <source>That request just came into view: nothing was decided. Read it, then decide.</source>
        <translation>Diese Anfrage ist gerade erst erschienen: Es wurde nichts entschieden. Lesen Sie sie, dann entscheiden Sie.</translation>
    </message>
    <message>
        <source>&lt;small&gt;You will be asked your name at your first decision.&lt;/small&gt;</source>
        <translation>&lt;small&gt;Bei Ihrer ersten Entscheidung werden Sie nach Ihrem Namen gefragt.&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&lt;small&gt;Deciding as &lt;b&gt;%1&lt;/b&gt;&lt;/small&gt;</source>
        <translation>&lt;small&gt;Sie entscheiden als &lt;b&gt;%1&lt;/b&gt;&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>warden::ui::ApprovalQueueModel</name>
    <message>
        <source>expired  %1 · %2</source>
        <translation>abgelaufen  %1 · %2</translation>
    </message>
    <message>
        <source>%1:%2  %3 · %4</source>
        <translation>%1:%2  %3 · %4</translation>
    </message>
</context>
<context>
    <name>warden::ui::BrowseField</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
</context>
<context>
    <name>warden::ui::CustomRunDialog</name>
    <message>
        <source>Custom run</source>
        <translation>Eigener Lauf</translation>
    </message>
    <message>
        <source>bubblewrap on this machine</source>
        <translation>bubblewrap auf diesem Rechner</translation>
    </message>
    <message>
        <source>Docker engine (DOCKER_HOST)</source>
        <translation>Docker-Engine (DOCKER_HOST)</translation>
    </message>
    <message>
        <source>Warden&apos;s image (a root directory for bubblewrap, an image for Docker)</source>
        <translation>Wardens Abbild (ein Wurzelverzeichnis für bubblewrap, ein Image für Docker)</translation>
    </message>
    <message>
        <source>none (mounted read-only at /data)</source>
        <translation>keins (schreibgeschützt unter /data eingehängt)</translation>
    </message>
    <message>
        <source>Declaration</source>
        <translation>Deklaration</translation>
    </message>
    <message>
        <source>Declaration (*.json)</source>
        <translation>Deklaration (*.json)</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Abbild</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Choose the declaration the agent is held to.</source>
        <translation>Die Deklaration wählen, an die der Agent gebunden ist.</translation>
    </message>
    <message>
        <source>Give the agent&apos;s command.</source>
        <translation>Den Befehl des Agenten angeben.</translation>
    </message>
    <message>
        <source>The command: %1</source>
        <translation>Der Befehl: %1</translation>
    </message>
    <message>
        <source>%1: bubblewrap on the Warden host</source>
        <translation>%1: bubblewrap auf dem Warden-Host</translation>
    </message>
    <message>
        <source>%1: Docker on the Warden host</source>
        <translation>%1: Docker auf dem Warden-Host</translation>
    </message>
    <message>
        <source>A Warden host runs its own image</source>
        <translation>Ein Warden-Host verwendet sein eigenes Abbild</translation>
    </message>
    <message>
        <source>A Warden host mounts no data directory from this machine</source>
        <translation>Ein Warden-Host hängt kein Datenverzeichnis dieses Rechners ein</translation>
    </message>
    <message>
        <source>%1: Docker engine</source>
        <translation>%1: Docker-Engine</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>warden::ui::HostListModel</name>
    <message>
        <source>bubblewrap</source>
        <translation>bubblewrap</translation>
    </message>
    <message>
        <source>Docker Engine</source>
        <translation>Docker Engine</translation>
    </message>
    <message>
        <source>Warden host</source>
        <translation>Warden-Host</translation>
    </message>
    <message>
        <source>local</source>
        <translation>lokal</translation>
    </message>
    <message>
        <source>testing…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>reachable</source>
        <translation>erreichbar</translation>
    </message>
    <message>
        <source>unreachable: %1</source>
        <translation>nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>Isolation</translation>
    </message>
    <message>
        <source>Hardening check</source>
        <translation>Härtung</translation>
    </message>
    <message>
        <source>This machine (%1), detected</source>
        <translation>Dieser Rechner (%1), erkannt</translation>
    </message>
</context>
<context>
    <name>warden::ui::HostsPanel</name>
    <message>
        <source>Add a Docker engine</source>
        <translation>Docker-Engine hinzufügen</translation>
    </message>
    <message>
        <source>Add a Warden host</source>
        <translation>Warden-Host hinzufügen</translation>
    </message>
    <message>
        <source>directory with ca.pem, cert.pem, key.pem</source>
        <translation>Verzeichnis mit ca.pem, cert.pem, key.pem</translation>
    </message>
    <message>
        <source>CA certificate (PEM), if not a public CA</source>
        <translation>CA-Zertifikat (PEM), falls keine öffentliche CA</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>TLS certificates</source>
        <translation>TLS-Zertifikate</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA-Zertifikat</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>Token (kept in the keychain)</source>
        <translation>Token (im Schlüsselbund verwahrt)</translation>
    </message>
    <message>
        <source>Add Docker engine…</source>
        <translation>Docker-Engine hinzufügen…</translation>
    </message>
    <message>
        <source>Add Warden host…</source>
        <translation>Warden-Host hinzufügen…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung prüfen</translation>
    </message>
    <message>
        <source>Test all</source>
        <translation>Alle prüfen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>The host list could not be read: %1</source>
        <translation>Die Hostliste konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The host list was not saved: %1</source>
        <translation>Die Hostliste wurde nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 is found on this machine and cannot be removed.</source>
        <translation>%1 wurde auf diesem Rechner gefunden und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>The token could not be removed from the keychain: %1</source>
        <translation>Das Token konnte nicht aus dem Schlüsselbund entfernt werden: %1</translation>
    </message>
    <message>
        <source>no token in the keychain: %1</source>
        <translation>kein Token im Schlüsselbund: %1</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>token: a Warden host&apos;s token has at least 16 characters</source>
        <translation>token: das Token eines Warden-Hosts hat mindestens 16 Zeichen</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>the keychain refused the token: %1</source>
        <translation>der Schlüsselbund hat das Token abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>warden::ui::InvestigationActions</name>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>Audit-Kette wird geprüft…</translation>
    </message>
    <message>
        <source>Audit chain of %1: %2</source>
        <translation>Audit-Kette von %1: %2</translation>
    </message>
    <message>
        <source>Audit chain</source>
        <translation>Audit-Kette</translation>
    </message>
    <message>
        <source>Select a run to report on first.</source>
        <translation>Zuerst einen Lauf für den Bericht auswählen.</translation>
    </message>
    <message>
        <source>Export incident report</source>
        <translation>Vorfallbericht exportieren</translation>
    </message>
    <message>
        <source>Incident report (*.html *.pdf)</source>
        <translation>Vorfallbericht (*.html *.pdf)</translation>
    </message>
    <message>
        <source>Writing the incident report…</source>
        <translation>Vorfallbericht wird geschrieben…</translation>
    </message>
    <message>
        <source>The report was not written: %1</source>
        <translation>Der Bericht wurde nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Report written: %1 and %2 (audit chain %3)</source>
        <translation>Bericht geschrieben: %1 und %2 (Audit-Kette %3)</translation>
    </message>
    <message>
        <source>Select a run to export first.</source>
        <translation>Zuerst einen Lauf zum Exportieren auswählen.</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <source>Trace (*.jsonl)</source>
        <translation>Verlauf (*.jsonl)</translation>
    </message>
    <message>
        <source>The trace was not exported: %1</source>
        <translation>Der Verlauf wurde nicht exportiert: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) exported to %1</source>
        <translation>
            <numerusform>%n Aktion nach %1 exportiert</numerusform>
            <numerusform>%n Aktionen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>What if: choose a declaration</source>
        <translation>Was wäre, wenn: Deklaration wählen</translation>
    </message>
    <message>
        <source>Declaration (*.json)</source>
        <translation>Deklaration (*.json)</translation>
    </message>
    <message>
        <source>Replaying the stored runs under %1…</source>
        <translation>Die gespeicherten Läufe werden unter %1 erneut entschieden…</translation>
    </message>
    <message>
        <source>What if was not answered: %1</source>
        <translation>Was-wäre-wenn wurde nicht beantwortet: %1</translation>
    </message>
    <message numerus="yes">
        <source>What if: %n run(s) replayed</source>
        <translation>
            <numerusform>Was wäre, wenn: %n Lauf erneut entschieden</numerusform>
            <numerusform>Was wäre, wenn: %n Läufe erneut entschieden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::JudgementBanner</name>
    <message>
        <source>No run selected</source>
        <translation>Kein Lauf ausgewählt</translation>
    </message>
    <message>
        <source>%1 — confidence %2</source>
        <translation>%1 — Konfidenz %2</translation>
    </message>
    <message>
        <source>evidence: %1</source>
        <translation>Belege: %1</translation>
    </message>
    <message>
        <source>RUN FAILED</source>
        <translation>LAUF FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>The run failed; no reason was recorded.</source>
        <translation>Der Lauf ist fehlgeschlagen; kein Grund wurde aufgezeichnet.</translation>
    </message>
    <message numerus="yes">
        <source>Before it failed, over %n action(s): %1 (confidence %2). %3</source>
        <translation>
            <numerusform>Vor dem Fehlschlag, über %n Aktion: %1 (Konfidenz %2). %3</numerusform>
            <numerusform>Vor dem Fehlschlag, über %n Aktionen: %1 (Konfidenz %2). %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Not judged yet</source>
        <translation>Noch nicht beurteilt</translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>Außerdem: %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n more)</source>
        <translation>
            <numerusform>(%n weiterer)</numerusform>
            <numerusform>(%n weitere)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::LaunchMenu</name>
    <message>
        <source>Launch demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <source>bubblewrap</source>
        <translation>bubblewrap</translation>
    </message>
    <message>
        <source>Docker: %1</source>
        <translation>Docker: %1</translation>
    </message>
    <message>
        <source>Docker</source>
        <translation>Docker</translation>
    </message>
    <message>
        <source>code-bot: injected CSV steals API keys</source>
        <translation>code-bot: präparierte CSV stiehlt API-Schlüssel</translation>
    </message>
    <message>
        <source>kubesleuth: log line asks for curl | bash</source>
        <translation>kubesleuth: Logzeile verlangt curl | bash</translation>
    </message>
    <message>
        <source>storage-exfil: declared host, stolen payload</source>
        <translation>storage-exfil: deklarierter Host, gestohlene Nutzlast</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>On a Warden host</source>
        <translation>Auf einem Warden-Host</translation>
    </message>
    <message>
        <source>Add one on the Hosts screen</source>
        <translation>Einen in der Ansicht Hosts hinzufügen</translation>
    </message>
    <message>
        <source>Custom run: any command under a declaration…</source>
        <translation>Eigener Lauf: beliebiger Befehl unter einer Deklaration…</translation>
    </message>
    <message>
        <source>Replay the recorded code-bot trace (no sandbox)</source>
        <translation>Aufgezeichneten code-bot-Verlauf abspielen (ohne Sandbox)</translation>
    </message>
    <message>
        <source>raw-agent: no SDK, caught from its system calls</source>
        <translation>raw-agent: ohne SDK, an seinen Systemaufrufen erkannt</translation>
    </message>
    <message>
        <source>mcp-files: an MCP client told to steal an SSH key</source>
        <translation>mcp-files: ein MCP-Client soll einen SSH-Schlüssel stehlen</translation>
    </message>
    <message>
        <source>Real agent CLIs (scripted model)</source>
        <translation>Echte Agenten-CLIs (geskriptetes Modell)</translation>
    </message>
    <message>
        <source>%1: not installed (resources/agents/install-agents.sh %2)</source>
        <translation>%1: nicht installiert (resources/agents/install-agents.sh %2)</translation>
    </message>
    <message>
        <source>%1 reads a poisoned README (%2)</source>
        <translation>%1 liest ein vergiftetes README (%2)</translation>
    </message>
    <message>
        <source>Agent CLI on your workspace: Claude Code, Codex CLI, Gemini CLI…</source>
        <translation>Agenten-CLI in Ihrem Arbeitsverzeichnis: Claude Code, Codex CLI, Gemini CLI…</translation>
    </message>
</context>
<context>
    <name>warden::ui::MainWindow</name>
    <message>
        <source>Booting a sandbox for %1…</source>
        <translation>Sandbox für %1 wird gestartet…</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <source>Run %1 %2: %3</source>
        <translation>Lauf %1 %2: %3</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>&amp;Konsole</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Investigate</source>
        <translation>&amp;Untersuchen</translation>
    </message>
    <message>
        <source>Search runs…</source>
        <translation>Läufe durchsuchen…</translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation>Audit-Kette prüfen</translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation>&amp;Hosts</translation>
    </message>
    <message>
        <source>Show hosts</source>
        <translation>Hosts anzeigen</translation>
    </message>
    <message>
        <source>Test all hosts</source>
        <translation>Alle Hosts prüfen</translation>
    </message>
    <message>
        <source>Export incident report (HTML and PDF)…</source>
        <translation>Vorfallbericht exportieren (HTML und PDF)…</translation>
    </message>
    <message>
        <source>Export trace (JSONL)…</source>
        <translation>Verlauf exportieren (JSONL)…</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Kette prüfen</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Quit Warden</source>
        <translation>Warden beenden</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) wait for a decision. Quitting denies them and stops every live run. Quit anyway?</source>
        <translation>
            <numerusform>%n Anfrage wartet auf eine Entscheidung. Beenden verweigert sie und stoppt jeden laufenden Lauf. Trotzdem beenden?</numerusform>
            <numerusform>%n Anfragen warten auf eine Entscheidung. Beenden verweigert sie und stoppt jeden laufenden Lauf. Trotzdem beenden?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approval(s) waiting</source>
        <translation>
            <numerusform>%n Genehmigung wartet</numerusform>
            <numerusform>%n Genehmigungen warten</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Launch the code-bot demo</source>
        <translation>Die code-bot-Demo starten</translation>
    </message>
    <message>
        <source>Custom run…</source>
        <translation>Eigener Lauf…</translation>
    </message>
    <message numerus="yes">
        <source>Stopping %n run(s) before closing…</source>
        <translation>
            <numerusform>%n Lauf wird vor dem Schließen beendet…</numerusform>
            <numerusform>%n Läufe werden vor dem Schließen beendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>Run an agent CLI…</source>
        <translation>Agenten-CLI ausführen…</translation>
    </message>
    <message>
        <source>What if… (replay the agent&apos;s runs under a declaration)</source>
        <translation>Was wäre, wenn… (die Läufe des Agenten unter einer Deklaration erneut entscheiden)</translation>
    </message>
    <message>
        <source>decided differently under %1</source>
        <translation>unter %1 anders entschieden</translation>
    </message>
    <message>
        <source>Runs are not sent to OpenTelemetry: %1</source>
        <translation>Läufe werden nicht an OpenTelemetry gesendet: %1</translation>
    </message>
    <message>
        <source>Runs are sent to the OpenTelemetry collector the OTEL_EXPORTER_OTLP variables name.</source>
        <translation>Läufe werden an den OpenTelemetry-Collector gesendet, den die Variablen OTEL_EXPORTER_OTLP nennen.</translation>
    </message>
</context>
<context>
    <name>warden::ui::ProvenanceView</name>
    <message>
        <source>speaks to an AI assistant</source>
        <translation>spricht einen KI-Assistenten an</translation>
    </message>
    <message>
        <source>tells the model to disregard its instructions</source>
        <translation>fordert das Modell auf, seine Anweisungen zu missachten</translation>
    </message>
    <message>
        <source>asks for secrecy</source>
        <translation>verlangt Verschwiegenheit</translation>
    </message>
    <message>
        <source>names credentials</source>
        <translation>nennt Zugangsdaten</translation>
    </message>
    <message>
        <source>asks to send data to an address</source>
        <translation>verlangt, Daten an eine Adresse zu senden</translation>
    </message>
    <message>
        <source>asks for a scheduled or start-up job</source>
        <translation>verlangt einen geplanten oder Autostart-Auftrag</translation>
    </message>
    <message>
        <source>asks to download code and run it</source>
        <translation>verlangt, Code herunterzuladen und auszuführen</translation>
    </message>
    <message>
        <source>hidden in an HTML comment</source>
        <translation>in einem HTML-Kommentar versteckt</translation>
    </message>
    <message>
        <source>hidden in invisible characters</source>
        <translation>in unsichtbaren Zeichen versteckt</translation>
    </message>
    <message>
        <source>No tool result that carried instructions came before an action outside the declaration.</source>
        <translation>Vor keiner Aktion außerhalb der Deklaration kam ein Werkzeugergebnis mit Anweisungen.</translation>
    </message>
    <message>
        <source>This run has no model turns on record: its agent did not talk to its model through Warden&apos;s model door.</source>
        <translation>Dieser Lauf hat keine aufgezeichneten Modellrunden: sein Agent sprach nicht über Wardens Modell-Tür mit seinem Modell.</translation>
    </message>
    <message>
        <source>(undeclared)</source>
        <translation>(nicht deklariert)</translation>
    </message>
    <message>
        <source>1. The injection point.</source>
        <translation>1. Die Injektionsstelle.</translation>
    </message>
    <message>
        <source>In model request %1 the agent sent its model the result of %2 (%3 bytes), which carried instructions: %4.</source>
        <translation>In Modellanfrage %1 schickte der Agent seinem Modell das Ergebnis von %2 (%3 Bytes), das Anweisungen enthielt: %4.</translation>
    </message>
    <message>
        <source>a tool</source>
        <translation>einem Werkzeug</translation>
    </message>
    <message>
        <source>2. What the model asked for, and what followed</source>
        <translation>2. Was das Modell verlangte, und was folgte</translation>
    </message>
    <message numerus="yes">
        <source>The answer to %1 (%n action(s) followed):</source>
        <translation>
            <numerusform>Die Antwort auf %1 (%n Aktion folgte):</numerusform>
            <numerusform>Die Antwort auf %1 (%n Aktionen folgten):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>3. Refused: %n action(s) after the injection point</source>
        <translation>
            <numerusform>3. Verweigert: %n Aktion nach der Injektionsstelle</numerusform>
            <numerusform>3. Verweigert: %n Aktionen nach der Injektionsstelle</numerusform>
        </translation>
    </message>
    <message>
        <source>4. What left</source>
        <translation>4. Was hinausging</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) allowed out after the injection point:</source>
        <translation>
            <numerusform>%n Aktion nach der Injektionsstelle nach außen erlaubt:</numerusform>
            <numerusform>%n Aktionen nach der Injektionsstelle nach außen erlaubt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing: after the injection point no egress, tool or MCP call went ahead, and no model request carried a canary.</source>
        <translation>Nichts: nach der Injektionsstelle ging kein Netzzugriff, kein Werkzeug- und kein MCP-Aufruf durch, und keine Modellanfrage enthielt einen Köder.</translation>
    </message>
</context>
<context>
    <name>warden::ui::RunBands</name>
    <message>
        <source>not judged</source>
        <translation>nicht beurteilt</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <translation>
            <numerusform>%n Aktion</numerusform>
            <numerusform>%n Aktionen</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message numerus="yes">
        <source>Run %1, started %2, %3 long, %4: %n action(s). Click to open it.</source>
        <translation>
            <numerusform>Lauf %1, gestartet %2, Dauer %3, %4: %n Aktion. Klicken zum Öffnen.</numerusform>
            <numerusform>Lauf %1, gestartet %2, Dauer %3, %4: %n Aktionen. Klicken zum Öffnen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>warden::ui::RunLauncher</name>
    <message>
        <source>Preparing the %1 demo (%2)…</source>
        <translation>Demo %1 wird vorbereitet (%2)…</translation>
    </message>
    <message>
        <source>No such host: %1</source>
        <translation>Kein solcher Host: %1</translation>
    </message>
    <message>
        <source>The audit store is not open yet; try again in a moment.</source>
        <translation>Der Audit-Speicher ist noch nicht geöffnet; gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>%1 is not a Warden host</source>
        <translation>%1 ist kein Warden-Host</translation>
    </message>
    <message>
        <source>Starting %1 on %2…</source>
        <translation>%1 wird auf %2 gestartet…</translation>
    </message>
    <message>
        <source>No token for %1 in the keychain: %2</source>
        <translation>Kein Token für %1 im Schlüsselbund: %2</translation>
    </message>
    <message>
        <source>Preparing a run of %1 (%2)…</source>
        <translation>Lauf von %1 wird vorbereitet (%2)…</translation>
    </message>
    <message>
        <source>Replaying %1…</source>
        <translation>%1 wird abgespielt…</translation>
    </message>
    <message>
        <source>Preparing a run of %1 on %2…</source>
        <translation>Lauf von %1 in %2 wird vorbereitet…</translation>
    </message>
</context>
<context>
    <name>warden::ui::RunListModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Judgement</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>none: the run failed</source>
        <translation>keines: der Lauf ist fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>warden::ui::RunView</name>
    <message>
        <source>Filter actions (kind, decision, text)…</source>
        <translation>Aktionen filtern (Art, Entscheidung, Text)…</translation>
    </message>
    <message>
        <source>Seen anywhere</source>
        <translation>Überall gesehen</translation>
    </message>
    <message>
        <source>Seen by: %1</source>
        <translation>Gesehen von: %1</translation>
    </message>
</context>
<context>
    <name>warden::ui::RunsPane</name>
    <message>
        <source>Search all runs (agent, host, tool, text)…</source>
        <translation>Alle Läufe durchsuchen (Agent, Host, Werkzeug, Text)…</translation>
    </message>
    <message>
        <source>Show the runs of one agent</source>
        <translation>Die Läufe eines Agenten zeigen</translation>
    </message>
    <message>
        <source>Timeline of all the agent&apos;s runs</source>
        <translation>Zeitleiste aller Läufe des Agenten</translation>
    </message>
    <message>
        <source>Lay every listed run of the picked agent on the timeline, one band per run, oldest first. The table below shows the open run; click a band or a point to open another.</source>
        <translation>Jeden aufgeführten Lauf des gewählten Agenten auf die Zeitleiste legen, ein Band pro Lauf, der älteste zuerst. Die Tabelle darunter zeigt den geöffneten Lauf; ein Klick auf ein Band oder einen Punkt öffnet einen anderen.</translation>
    </message>
    <message>
        <source>Store: %1 — %2</source>
        <translation>Speicher: %1 — %2</translation>
    </message>
    <message numerus="yes">
        <source>Store: %1 — %n run(s)</source>
        <translation>
            <numerusform>Speicher: %1 — %n Lauf</numerusform>
            <numerusform>Speicher: %1 — %n Läufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) match &quot;%1&quot;</source>
        <translation>
            <numerusform>%n Lauf passt zu „%1“</numerusform>
            <numerusform>%n Läufe passen zu „%1“</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All agents (%n run(s))</source>
        <translation>
            <numerusform>Alle Agenten (%n Lauf)</numerusform>
            <numerusform>Alle Agenten (%n Läufe)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n run(s), last: %2</source>
        <translation>
            <numerusform>%1 — %n Lauf, zuletzt: %2</numerusform>
            <numerusform>%1 — %n Läufe, zuletzt: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>not judged</source>
        <translation>nicht beurteilt</translation>
    </message>
    <message>
        <source>No runs yet. Launch one: Run ▸ Launch the code-bot demo (Ctrl+N), or a custom run (Ctrl+Shift+N).</source>
        <translation>Noch keine Läufe. Starten Sie einen: Starten ▸ Die code-bot-Demo starten (Strg+N), oder einen eigenen Lauf (Strg+Umschalt+N).</translation>
    </message>
</context>
<context>
    <name>warden::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>bubblewrap on this machine</source>
        <translation>bubblewrap auf diesem Rechner</translation>
    </message>
    <message>
        <source>Docker engine (DOCKER_HOST)</source>
        <translation>Docker-Engine (DOCKER_HOST)</translation>
    </message>
    <message>
        <source>The system&apos;s</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Dem System folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Approval deadline</source>
        <translation>Frist für Genehmigungen</translation>
    </message>
    <message>
        <source>A request nobody decides within this time is denied.</source>
        <translation>Eine Anfrage, über die in dieser Zeit niemand entscheidet, wird abgelehnt.</translation>
    </message>
    <message>
        <source>Launch demos on</source>
        <translation>Demos starten auf</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
</context>
<context>
    <name>warden::ui::TimelineChart</name>
    <message>
        <source>undeclared</source>
        <translation>nicht deklariert</translation>
    </message>
    <message>
        <source>declared</source>
        <translation>deklariert</translation>
    </message>
    <message>
        <source>Declared actions above, undeclared below. Wheel to zoom, drag to pan, double-click to reset.</source>
        <translation>Deklarierte Aktionen oben, nicht deklarierte unten. Mausrad zoomt, Ziehen verschiebt, Doppelklick setzt zurück.</translation>
    </message>
    <message>
        <source>seconds since the first action</source>
        <translation>Sekunden seit der ersten Aktion</translation>
    </message>
    <message>
        <source>sequence number</source>
        <translation>Laufnummer</translation>
    </message>
    <message>
        <source>Run %1, %2</source>
        <translation>Lauf %1, %2</translation>
    </message>
    <message>
        <source>one band per run, oldest first; each run spread across its band</source>
        <translation>ein Band pro Lauf, der älteste zuerst; jeder Lauf über sein Band verteilt</translation>
    </message>
</context>
<context>
    <name>warden::ui::WhatIfDialog</name>
    <message>
        <source>Show on timeline</source>
        <translation>Auf der Zeitleiste zeigen</translation>
    </message>
    <message>
        <source>What if: %1</source>
        <translation>Was wäre, wenn: %1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>Decided differently</source>
        <translation>Anders entschieden</translation>
    </message>
    <message>
        <source>Verdict: before → after</source>
        <translation>Urteil: vorher → nachher</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>Sperre</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>Vorher → nachher</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Why, now</source>
        <translation>Warum, jetzt</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of %1 replayed</source>
        <translation>
            <numerusform>%n Lauf von %1 erneut entschieden</numerusform>
            <numerusform>%n Läufe von %1 erneut entschieden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n action(s)</source>
        <translation>
            <numerusform>%n Aktion</numerusform>
            <numerusform>%n Aktionen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) would change</source>
        <translation>
            <numerusform>%n Lauf würde sich ändern</numerusform>
            <numerusform>%n Läufe würden sich ändern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n verdict(s) would change</source>
        <translation>
            <numerusform>%n Urteil würde sich ändern</numerusform>
            <numerusform>%n Urteile würden sich ändern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) judged malicious would now have something allowed</source>
        <translation>
            <numerusform>%n als bösartig beurteilter Lauf bekäme jetzt etwas erlaubt</numerusform>
            <numerusform>%n als bösartig beurteilte Läufe bekämen jetzt etwas erlaubt</numerusform>
        </translation>
    </message>
    <message>
        <source>Under %1: %2. The audit chain verified (%3 records).</source>
        <translation>Unter %1: %2. Die Audit-Kette ist geprüft (%3 Einträge).</translation>
    </message>
    <message>
        <source>%1 (before: unknown)</source>
        <translation>%1 (vorher: unbekannt)</translation>
    </message>
    <message>
        <source>opens a malicious run</source>
        <translation>öffnet einen bösartigen Lauf</translation>
    </message>
    <message>
        <source>On record: %1</source>
        <translation>Aufgezeichnet: %1</translation>
    </message>
</context>
</TS>
