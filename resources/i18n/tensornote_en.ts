<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>CodePanel</name>
    <message numerus="yes">
        <source>Ran %n block(s)</source>
        <translation>
            <numerusform>Ran %n block</numerusform>
            <numerusform>Ran %n blocks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved the block to {0} (%n line(s)).</source>
        <translation>
            <numerusform>Saved the block to {0} (%n line).</numerusform>
            <numerusform>Saved the block to {0} (%n lines).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CodePanelView</name>
    <message numerus="yes">
        <source>and %n more line(s)</source>
        <translation>
            <numerusform>and %n more line</numerusform>
            <numerusform>and %n more lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Running with fixed indentation (%n line(s))</source>
        <translation>
            <numerusform>Running with fixed indentation (%n line)</numerusform>
            <numerusform>Running with fixed indentation (%n lines)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EquationPanel</name>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinksPanel</name>
    <message numerus="yes">
        <source>Backlinks (%n)</source>
        <translation>
            <numerusform>Backlink (%n)</numerusform>
            <numerusform>Backlinks (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Outgoing links (%n)</source>
        <translation>
            <numerusform>Outgoing link (%n)</numerusform>
            <numerusform>Outgoing links (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Vault: {0}  ·  %n note(s)</source>
        <translation>
            <numerusform>Vault: {0}  ·  %n note</numerusform>
            <numerusform>Vault: {0}  ·  %n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message numerus="yes">
        <source>There are %n note(s). Choose one in the list on the left.</source>
        <translation>
            <numerusform>There is %n note. Choose it in the list on the left.</numerusform>
            <numerusform>There are %n notes. Choose one in the list on the left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>The first %n notes</source>
        <translation>
            <numerusform>The first note</numerusform>
            <numerusform>The first %n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnresolvedPanel</name>
    <message numerus="yes">
        <source>%n unresolved link target(s)</source>
        <translation>
            <numerusform>%n unresolved link target</numerusform>
            <numerusform>%n unresolved link targets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VaultPanels</name>
    <message numerus="yes">
        <source>Indexed %n note(s)</source>
        <translation>
            <numerusform>Indexed %n note</numerusform>
            <numerusform>Indexed %n notes</numerusform>
        </translation>
    </message>
</context>
</TS>
