<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
