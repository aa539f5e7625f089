<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>LinksPanel</name>
    <message numerus="yes">
        <source>Backlinks (%n)</source>
        <translation>
            <numerusform>백링크 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>No note links here.</source>
        <translation>이 노트를 가리키는 노트가 없습니다.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>%1번째 줄</translation>
    </message>
    <message numerus="yes">
        <source>Outgoing links (%n)</source>
        <translation>
            <numerusform>나가는 링크 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>This note links nowhere.</source>
        <translation>이 노트에는 링크가 없습니다.</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (없음)</translation>
    </message>
    <message>
        <source>No note or file is named “%1”.</source>
        <translation>“%1”(이)라는 노트나 파일이 없습니다.</translation>
    </message>
</context>
<context>
    <name>OutlinePanel</name>
    <message>
        <source>(untitled heading)</source>
        <translation>(제목 없는 헤딩)</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>%1번째 줄</translation>
    </message>
    <message>
        <source>This note has no headings.</source>
        <translation>이 노트에는 헤딩이 없습니다.</translation>
    </message>
</context>
<context>
    <name>QuickSwitcherDialog</name>
    <message>
        <source>Quick switcher</source>
        <translation>빠른 전환</translation>
    </message>
    <message>
        <source>Note title, alias or initial consonants (ㄱㅇㅌ)</source>
        <translation>노트 제목, 별칭 또는 초성 (ㄱㅇㅌ)</translation>
    </message>
    <message>
        <source>↑↓ to move · Enter to open · Esc to close</source>
        <translation>↑↓ 이동 · Enter 열기 · Esc 닫기</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search the vault (words, LaTeX, code)</source>
        <translation>볼트 검색 (낱말, LaTeX, 코드)</translation>
    </message>
    <message>
        <source>No vault is open.</source>
        <translation>열린 볼트가 없습니다.</translation>
    </message>
    <message>
        <source>No notes contain “%1”.</source>
        <translation>“%1”이(가) 들어 있는 노트가 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>The first %n notes</source>
        <translation>
            <numerusform>처음 %n개 노트</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>노트 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>%1번째 줄</translation>
    </message>
</context>
<context>
    <name>UnresolvedPanel</name>
    <message numerus="yes">
        <source>%n unresolved link target(s)</source>
        <translation>
            <numerusform>없는 링크 대상 %n개</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VaultPanels</name>
    <message>
        <source>Indexing %v/%m</source>
        <translation>색인 중 %v/%m</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>Unresolved links</source>
        <translation>없는 링크</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>개요</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>링크</translation>
    </message>
    <message>
        <source>Quick switcher…</source>
        <translation>빠른 전환…</translation>
    </message>
    <message>
        <source>Search the vault</source>
        <translation>볼트 검색</translation>
    </message>
    <message>
        <source>Recent vaults</source>
        <translation>최근 볼트</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>The new language is used after Tensornote restarts.</source>
        <translation>Tensornote를 다시 시작하면 새 언어로 표시됩니다.</translation>
    </message>
    <message>
        <source>Indexing failed: %1</source>
        <translation>색인에 실패했습니다: %1</translation>
    </message>
    <message>
        <source>Attachments folder: %1</source>
        <translation>첨부 파일 폴더: %1</translation>
    </message>
    <message numerus="yes">
        <source>Indexed %n note(s)</source>
        <translation>
            <numerusform>노트 %n개를 색인했습니다</numerusform>
        </translation>
    </message>
    <message>
        <source>The note no longer exists: %1</source>
        <translation>노트가 더 이상 없습니다: %1</translation>
    </message>
</context>
</TS>
