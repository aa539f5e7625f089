<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>CodeAnnotations</name>
    <message>
        <source>scalar</source>
        <translation>스칼라</translation>
    </message>
    <message>
        <source>shape {0} · {1} · {2}</source>
        <translation>모양 {0} · {1} · {2}</translation>
    </message>
    <message>
        <source>written {0}</source>
        <translation>주석에 쓴 모양 {0}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>(line {0})</source>
        <translation>({0}행)</translation>
    </message>
</context>
<context>
    <name>CodeInputBar</name>
    <message>
        <source>digit</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>사인파</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>file</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>token ids</source>
        <translation>토큰 id</translation>
    </message>
    <message>
        <source>image batch</source>
        <translation>이미지 묶음</translation>
    </message>
    <message>
        <source>Run again on a handwritten digit read row by row</source>
        <translation>손글씨 숫자를 한 행씩 읽는 입력으로 다시 실행</translation>
    </message>
    <message>
        <source>Run again on a sine wave</source>
        <translation>사인파 입력으로 다시 실행</translation>
    </message>
    <message>
        <source>Run again on random numbers</source>
        <translation>무작위 수 입력으로 다시 실행</translation>
    </message>
    <message>
        <source>Run again on the input file chosen in the equation panel</source>
        <translation>수식 패널에서 고른 입력 파일로 다시 실행</translation>
    </message>
    <message>
        <source>The only input this class takes</source>
        <translation>이 클래스가 받는 유일한 입력</translation>
    </message>
</context>
<context>
    <name>CodePanel</name>
    <message>
        <source>Code Panel</source>
        <translation>코드 패널</translation>
    </message>
    <message>
        <source>Code block {0} is not in this note.</source>
        <translation>이 노트에서 코드 블록 {0}를 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>Restored your unsaved edits.</source>
        <translation>저장하지 않은 수정 내용을 되살렸습니다.</translation>
    </message>
    <message>
        <source>no language tag</source>
        <translation>언어 표시 없음</translation>
    </message>
    <message>
        <source>Code block {0}</source>
        <translation>코드 블록 {0}</translation>
    </message>
    <message>
        <source>{0} · lines {1}–{2} · {3}</source>
        <translation>{0} · {1}–{2}행 · {3}</translation>
    </message>
    <message>
        <source>Indentation fixed. Save to write it to the note.</source>
        <translation>들여쓰기를 고쳤습니다. 저장하면 노트에 반영됩니다.</translation>
    </message>
    <message>
        <source>The kernel cannot start: {0}</source>
        <translation>커널을 시작할 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Run block {0} (from line {1})</source>
        <translation>블록 {0} 실행 ({1}행부터)</translation>
    </message>
    <message>
        <source>Run all code blocks of the note</source>
        <translation>노트의 코드 블록 전체 실행</translation>
    </message>
    <message>
        <source>(Unsaved edits to this block are not part of Run All)</source>
        <translation>(이 블록의 저장하지 않은 수정은 전체 실행에 들어가지 않습니다)</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>실행 중…</translation>
    </message>
    <message>
        <source>Shown counted from 1; the command line counts from 0: run NOTE --block {0}</source>
        <translation>1부터 센 번호입니다. 명령줄은 0부터 셉니다: run NOTE --block {0}</translation>
    </message>
    <message>
        <source>Starting the kernel… (the first time takes a few seconds to load torch)</source>
        <translation>커널을 시작하는 중… (처음에는 torch를 불러오느라 몇 초 걸립니다)</translation>
    </message>
    <message>
        <source>Interrupt requested.</source>
        <translation>중단을 요청했습니다.</translation>
    </message>
    <message>
        <source>Restarting the kernel. All of the note&apos;s variables are gone.</source>
        <translation>커널을 다시 시작합니다. 노트의 변수는 모두 사라집니다.</translation>
    </message>
    <message>
        <source>Block {0}</source>
        <translation>블록 {0}</translation>
    </message>
    <message>
        <source>The kernel died: {0}</source>
        <translation>커널이 종료되었습니다: {0}</translation>
    </message>
    <message>
        <source>The kernel died. Press ↻ Restart to run again in a new kernel.</source>
        <translation>커널이 종료되었습니다. ↻ 재시작을 누르면 새 커널로 다시 실행할 수 있습니다.</translation>
    </message>
    <message>
        <source>Could not run.</source>
        <translation>실행하지 못했습니다.</translation>
    </message>
    <message>
        <source>Stopped on an error</source>
        <translation>오류로 멈춤</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>실행 완료</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message numerus="yes">
        <source>Ran %n block(s)</source>
        <translation>
            <numerusform>블록 %n개 실행</numerusform>
        </translation>
    </message>
    <message>
        <source>The equations now show your object: {0}</source>
        <translation>이제 수식 패널이 내 코드의 객체를 보여 줍니다: {0}</translation>
    </message>
    <message>
        <source>Line {0}: </source>
        <translation>{0}행: </translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>바뀐 내용이 없습니다.</translation>
    </message>
    <message numerus="yes">
        <source>Saved the block to {0} (%n line(s)).</source>
        <translation>
            <numerusform>{0}에 블록을 저장했습니다 (%n줄).</numerusform>
        </translation>
    </message>
    <message>
        <source>This code block is gone from the note.</source>
        <translation>노트에서 이 코드 블록이 사라졌습니다.</translation>
    </message>
    <message>
        <source>Saved over the changes on disk.</source>
        <translation>디스크의 변경을 덮어쓰고 저장했습니다.</translation>
    </message>
    <message>
        <source>Saved a copy: {0} (the original note is unchanged)</source>
        <translation>사본을 저장했습니다: {0} (원래 노트는 그대로)</translation>
    </message>
    <message>
        <source>{0} (copy)</source>
        <translation>{0} (사본)</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Notes (*.md)</source>
        <translation>노트 (*.md)</translation>
    </message>
    <message>
        <source>The note file changed elsewhere. Saving shows you the differences.</source>
        <translation>노트 파일이 다른 곳에서 바뀌었습니다. 저장하면 차이를 보여 드립니다.</translation>
    </message>
    <message>
        <source>Reloaded this block from the note on disk (Ctrl+Z to undo).</source>
        <translation>디스크의 노트에서 이 블록을 다시 불러왔습니다 (Ctrl+Z로 되돌리기).</translation>
    </message>
</context>
<context>
    <name>CodePanelView</name>
    <message>
        <source>Kernel starting</source>
        <translation>커널 시작 중</translation>
    </message>
    <message>
        <source>Kernel idle</source>
        <translation>커널 대기</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Kernel stopped</source>
        <translation>커널 중지됨</translation>
    </message>
    <message>
        <source>No kernel</source>
        <translation>커널 없음</translation>
    </message>
    <message>
        <source>Run all of the note&apos;s code blocks in order (the saved content)</source>
        <translation>노트의 코드 블록을 순서대로 모두 실행 (저장된 내용)</translation>
    </message>
    <message>
        <source>The note&apos;s own text does not change until you save.</source>
        <translation>노트 원문은 저장하기 전까지 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>replaced {0} no-break space(s) (U+00A0) with spaces</source>
        <translation>줄바꿈 없는 공백(U+00A0) {0}개를 공백으로 바꿈</translation>
    </message>
    <message>
        <source>replaced {0} tab(s) with spaces</source>
        <translation>탭 {0}개를 공백으로 바꿈</translation>
    </message>
    <message>
        <source>indented one level as a block body</source>
        <translation>블록 본문이라 한 단계 들여씀</translation>
    </message>
    <message>
        <source>indentation {0} → {1} columns</source>
        <translation>들여쓰기 {0}칸 → {1}칸</translation>
    </message>
    <message>
        <source>removed the inline-code backticks (`)</source>
        <translation>인라인 코드 백틱(`) 제거</translation>
    </message>
    <message>
        <source>no closing backtick (`): read as code to the end of the line</source>
        <translation>닫는 백틱(`)이 없어 줄 끝까지 코드로 읽음</translation>
    </message>
    <message>
        <source>line {0}: {1}</source>
        <translation>{0}행: {1}</translation>
    </message>
    <message>
        <source>Running with fixed indentation</source>
        <translation>들여쓰기를 고쳐서 실행합니다</translation>
    </message>
    <message>
        <source>Apply to Editor</source>
        <translation>편집기에 적용</translation>
    </message>
    <message>
        <source>Put the fixed indentation into the editor (undoable; save to write it to the note)</source>
        <translation>고친 들여쓰기를 편집기에 넣습니다 (실행 취소 가능, 저장해야 노트에 반영)</translation>
    </message>
    <message numerus="yes">
        <source>and %n more line(s)</source>
        <translation>
            <numerusform>외 %n줄</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Running with fixed indentation (%n line(s))</source>
        <translation>
            <numerusform>들여쓰기를 고쳐서 실행합니다 (%n줄)</numerusform>
        </translation>
    </message>
    <message>
        <source>Python cannot read indentation that mixes tabs and no-break spaces (U+00A0, in yellow), so it is fixed before running.</source>
        <translation>탭과 줄바꿈 없는 공백(U+00A0, 노란색)이 섞인 들여쓰기는 파이썬이 읽지 못해 실행 전에 고칩니다.</translation>
    </message>
    <message>
        <source>Run a block and its print output and errors appear here.</source>
        <translation>실행하면 print 출력과 오류가 여기에 나옵니다.</translation>
    </message>
    <message>
        <source>Code block</source>
        <translation>코드 블록</translation>
    </message>
    <message>
        <source>Click a code block in the note to edit and run it here.</source>
        <translation>노트의 코드 블록을 클릭하면 여기서 편집하고 실행합니다.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Run this block in the note&apos;s kernel (Ctrl+Enter)</source>
        <translation>이 블록을 노트의 커널에서 실행 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Run All</source>
        <translation>전체 실행</translation>
    </message>
    <message>
        <source>Interrupt</source>
        <translation>중단</translation>
    </message>
    <message>
        <source>Stop the running code</source>
        <translation>실행 중인 코드를 멈춤</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>재시작</translation>
    </message>
    <message>
        <source>Start a new kernel (all variables are gone)</source>
        <translation>커널을 새로 시작 (변수는 모두 사라집니다)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Save only this block to the note file (Ctrl+S)</source>
        <translation>이 블록만 노트 파일에 저장 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>저장 안 됨</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Reload</source>
        <translation>다시 불러오기</translation>
    </message>
    <message>
        <source>Read the note on disk again and replace this block with its content (undoable in the editor)</source>
        <translation>디스크의 노트를 다시 읽어 이 블록을 그 내용으로 바꿉니다 (편집기에서 실행 취소 가능)</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>덮어쓰기</translation>
    </message>
    <message>
        <source>Discard the changes on disk and save the panel&apos;s content</source>
        <translation>디스크에서 바뀐 내용을 버리고 패널의 내용으로 저장합니다</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Leave the original note as it is and save the panel&apos;s content to a new file</source>
        <translation>원래 노트는 그대로 두고 패널의 내용을 새 파일로 저장합니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Save nothing</source>
        <translation>아무것도 저장하지 않습니다</translation>
    </message>
    <message>
        <source>The difference cannot be shown.</source>
        <translation>차이를 표시할 수 없습니다.</translation>
    </message>
    <message>
        <source>Save Conflict</source>
        <translation>저장 충돌</translation>
    </message>
    <message>
        <source>The differences between the note on disk (−) and what you were saving (+). What now?</source>
        <translation>디스크의 노트(−)와 저장하려던 내용(+)의 차이입니다. 어떻게 할까요?</translation>
    </message>
</context>
<context>
    <name>EquationPanel</name>
    <message>
        <source>Equation Panel</source>
        <translation>수식 패널</translation>
    </message>
    <message>
        <source>Cannot start the kernel: {0}</source>
        <translation>커널을 시작할 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Kernel call failed ({0}): {1}</source>
        <translation>커널 호출 실패 ({0}): {1}</translation>
    </message>
    <message>
        <source>The note&apos;s kernel stopped: {0}
Click an equation again to start a new kernel.</source>
        <translation>노트의 커널이 종료되었습니다: {0}
수식을 다시 클릭하면 커널을 새로 시작합니다.</translation>
    </message>
    <message>
        <source>Equation {0} is not in this note.</source>
        <translation>이 노트에서 수식 {0}를 찾을 수 없습니다.</translation>
    </message>
    <message>
        <source>It matches no quantity of the model.</source>
        <translation>모델의 어떤 양과도 맞지 않습니다.</translation>
    </message>
    <message>
        <source>Tracing the model…</source>
        <translation>모델을 추적하는 중…</translation>
    </message>
    <message>
        <source>The equation panel now traces the object from your code: {0}</source>
        <translation>수식 패널이 내 코드의 객체를 추적합니다: {0}</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>알 수 없는 오류</translation>
    </message>
    <message>
        <source>Could not trace the model: {0}</source>
        <translation>모델을 추적하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>The kernel request failed ({0}): {1}</source>
        <translation>커널 요청이 실패했습니다 ({0}): {1}</translation>
    </message>
    <message>
        <source>min {0}</source>
        <translation>최소 {0}</translation>
    </message>
    <message>
        <source>mean {0}</source>
        <translation>평균 {0}</translation>
    </message>
    <message>
        <source>max {0}</source>
        <translation>최대 {0}</translation>
    </message>
    <message>
        <source>std {0}</source>
        <translation>표준편차 {0}</translation>
    </message>
    <message>
        <source>saturated {0}% (&lt;0.05 or &gt;0.95)</source>
        <translation>포화 {0}% (&lt;0.05 또는 &gt;0.95)</translation>
    </message>
    <message>
        <source>{0} values</source>
        <translation>{0} 값</translation>
    </message>
    <message>
        <source> (batch n={0})</source>
        <translation> (배치 n={0})</translation>
    </message>
    <message>
        <source>Too large to send whole: the first values. Click the symbol to see it all</source>
        <translation>값이 커서 앞부분만 보냅니다: 기호를 클릭하면 전체를 봅니다</translation>
    </message>
    <message>
        <source>This equation cannot be split into terms.</source>
        <translation>이 식은 항별로 나눌 수 없습니다.</translation>
    </message>
    <message>
        <source> · Σ gap {0}</source>
        <translation> · Σ 차이 {0}</translation>
    </message>
    <message>
        <source>Random (standard normal)</source>
        <translation>무작위 (표준정규)</translation>
    </message>
    <message>
        <source>Sine wave</source>
        <translation>사인파</translation>
    </message>
    <message>
        <source>Handwritten digit (scikit-learn digits)</source>
        <translation>손글씨 숫자 (scikit-learn digits)</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>파일…</translation>
    </message>
    <message>
        <source>Time step t (the ←/→ keys move it too)</source>
        <translation>시간 단계 t (←/→ 키로도 움직입니다)</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>방향</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>{0}층</translation>
    </message>
    <message>
        <source>forward →</source>
        <translation>정방향 →</translation>
    </message>
    <message>
        <source>backward ←</source>
        <translation>역방향 ←</translation>
    </message>
    <message>
        <source>Bidirectional</source>
        <translation>양방향 (bidirectional)</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>편향 (bias)</translation>
    </message>
    <message>
        <source>Input size H_in</source>
        <translation>입력 크기 H_in</translation>
    </message>
    <message>
        <source>Hidden size H</source>
        <translation>은닉 크기 H</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>층 수</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>설정 적용</translation>
    </message>
    <message>
        <source>Note&apos;s config</source>
        <translation>노트 설정으로</translation>
    </message>
    <message>
        <source>any class</source>
        <translation>모든 클래스</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>클래스 {0}</translation>
    </message>
    <message>
        <source>Which digit of the test split (of that class)</source>
        <translation>테스트 분할에서 (그 클래스의) 몇 번째 숫자인지</translation>
    </message>
    <message>
        <source>Sample input x</source>
        <translation>예시 입력 x</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>A real handwritten {0} (test split, #{1})</source>
        <translation>실제 손으로 쓴 {0} (테스트 분할, #{1})</translation>
    </message>
    <message>
        <source>label {0}</source>
        <translation>정답 {0}</translation>
    </message>
    <message>
        <source>Compute on {0}</source>
        <translation>{0}에서 계산합니다</translation>
    </message>
    <message>
        <source>{0} unavailable: {1}</source>
        <translation>{0} 사용 불가: {1}</translation>
    </message>
    <message>
        <source>Sample input file</source>
        <translation>예시 입력 파일</translation>
    </message>
    <message>
        <source>Tensors and images (*.npy *.pt *.csv *.png *.jpg);;All files (*)</source>
        <translation>텐서·이미지 (*.npy *.pt *.csv *.png *.jpg);;모든 파일 (*)</translation>
    </message>
    <message>
        <source> (the transpose of PyTorch&apos;s weight)</source>
        <translation> (PyTorch 가중치의 전치)</translation>
    </message>
    <message>
        <source> · click to see its values</source>
        <translation> · 클릭하면 값을 봅니다</translation>
    </message>
    <message>
        <source>This symbol is not linked to a tensor of the model</source>
        <translation>모델의 텐서와 연결되지 않은 기호입니다</translation>
    </message>
    <message>
        <source>{0} · the equation&apos;s result</source>
        <translation>{0} · 식의 결과</translation>
    </message>
    <message>
        <source>units ({0} per row, top to bottom)</source>
        <translation>유닛 (한 줄에 {0}개, 위에서 아래로)</translation>
    </message>
    <message>
        <source>unit {0}: {1}</source>
        <translation>유닛 {0}: {1}</translation>
    </message>
    <message>
        <source>time t  (click to go to that step)</source>
        <translation>시간 t  (클릭하면 그 시점으로 이동)</translation>
    </message>
    <message>
        <source>{0}: t={1}, unit {2} = {3}</source>
        <translation>{0}: t={1}, 유닛 {2} = {3}</translation>
    </message>
    <message>
        <source>From running your code</source>
        <translation>내 코드 실행 결과</translation>
    </message>
    <message>
        <source>Inferred from the note&apos;s code</source>
        <translation>노트 코드에서 추론</translation>
    </message>
    <message>
        <source>Default model (no LSTM/GRU/RNN code in the note)</source>
        <translation>기본 모델 (노트에 LSTM/GRU/RNN 코드가 없음)</translation>
    </message>
    <message>
        <source>CUDA not found ({0} build, without CUDA)</source>
        <translation>CUDA를 찾을 수 없습니다 ({0} 빌드, CUDA 미포함)</translation>
    </message>
    <message>
        <source>No CUDA device found (no driver or GPU, {0} build)</source>
        <translation>CUDA 장치를 찾을 수 없습니다 (드라이버 또는 GPU 없음, {0} 빌드)</translation>
    </message>
    <message>
        <source>MPS is available on macOS only</source>
        <translation>MPS는 macOS에서만 사용할 수 있습니다</translation>
    </message>
    <message>
        <source>This torch build does not support MPS ({0} build)</source>
        <translation>이 torch 빌드는 MPS를 지원하지 않습니다 ({0} 빌드)</translation>
    </message>
    <message>
        <source>The MPS device cannot be used (needs Apple silicon, macOS 12.3 or later)</source>
        <translation>MPS 장치를 쓸 수 없습니다 (Apple 실리콘, macOS 12.3 이상 필요)</translation>
    </message>
    <message>
        <source>Empty equation</source>
        <translation>빈 수식</translation>
    </message>
    <message>
        <source>Not an equation: it has no equals sign (=)</source>
        <translation>등식이 아님: 등호(=)가 없는 수식</translation>
    </message>
    <message>
        <source>Not an equation: a single symbol</source>
        <translation>등식이 아님: 기호 하나뿐인 수식</translation>
    </message>
    <message>
        <source>Not a model equation: a symbol the model does not have</source>
        <translation>모델 수식이 아님: 모델에 없는 기호</translation>
    </message>
    <message>
        <source>Not a model equation: a symbol for a tensor size</source>
        <translation>모델 수식이 아님: 텐서 크기를 나타내는 기호</translation>
    </message>
    <message>
        <source>Not a model equation: the definition of a tensor shape</source>
        <translation>모델 수식이 아님: 텐서 모양(shape)의 정의</translation>
    </message>
    <message>
        <source>Not a model equation: a gradient (derivative)</source>
        <translation>모델 수식이 아님: 기울기(미분) 식</translation>
    </message>
    <message>
        <source>Not a model equation: the definition of a loss function</source>
        <translation>모델 수식이 아님: 손실 함수의 정의</translation>
    </message>
    <message>
        <source>Not a model equation: the definition of an initial state</source>
        <translation>모델 수식이 아님: 초기 상태의 정의</translation>
    </message>
    <message>
        <source>Not a model equation: the left side is not a single symbol</source>
        <translation>모델 수식이 아님: 왼쪽이 기호 하나가 아님</translation>
    </message>
    <message>
        <source>Not a model equation: the definition of the {0} function</source>
        <translation>모델 수식이 아님: {0} 함수의 정의</translation>
    </message>
    <message>
        <source>Not a model equation: {0} on the left is not a value the model computes</source>
        <translation>모델 수식이 아님: 왼쪽의 {0}은(는) 모델이 계산하는 값이 아님</translation>
    </message>
    <message>
        <source>Not a model equation: the right side is not a formula for {0}</source>
        <translation>모델 수식이 아님: 오른쪽이 {0}의 계산식 형태가 아님</translation>
    </message>
    <message>
        <source>Cannot tell the model: {0} exists in LSTM, GRU and RNN alike (write e.g. tensornote: {{model: lstm}} in the front matter)</source>
        <translation>모델을 정할 수 없음: {0}은(는) LSTM·GRU·RNN에 모두 있음 (front matter에 tensornote: {{model: lstm}} 처럼 적어 주세요)</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>시그모이드</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>활성화</translation>
    </message>
    <message>
        <source>Starting the kernel… (the first time takes a few seconds to load torch)</source>
        <translation>커널을 시작하는 중… (처음에는 torch를 불러오느라 몇 초 걸립니다)</translation>
    </message>
    <message>
        <source> (config edited)</source>
        <translation> (설정 편집됨)</translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n 스레드</numerusform>
        </translation>
    </message>
    <message>
        <source>Σ of the terms</source>
        <translation>Σ 항의 합</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>역방향</translation>
    </message>
    <message>
        <source>trace: {0}[t={1}] (layer {2}, {3})</source>
        <translation>추적: {0}[t={1}] ({2}층, {3})</translation>
    </message>
    <message>
        <source>input gate</source>
        <translation>입력 게이트 (input gate)</translation>
    </message>
    <message>
        <source>forget gate</source>
        <translation>망각 게이트 (forget gate)</translation>
    </message>
    <message>
        <source>cell candidate</source>
        <translation>셀 후보 (cell candidate)</translation>
    </message>
    <message>
        <source>output gate</source>
        <translation>출력 게이트 (output gate)</translation>
    </message>
    <message>
        <source>cell state</source>
        <translation>셀 상태 (cell state)</translation>
    </message>
    <message>
        <source>hidden state</source>
        <translation>은닉 상태 (hidden state)</translation>
    </message>
    <message>
        <source>reset gate</source>
        <translation>리셋 게이트 (reset gate)</translation>
    </message>
    <message>
        <source>update gate</source>
        <translation>업데이트 게이트 (update gate)</translation>
    </message>
    <message>
        <source>new gate (candidate state)</source>
        <translation>새 후보 상태 (new gate)</translation>
    </message>
    <message>
        <source>d2l notation: row vectors, X_t W_xi. Weights are shown as the transpose of PyTorch&apos;s (W_xi = W_ii^T, shape (H_in, H)).</source>
        <translation>d2l 표기: 행 벡터 꼴 X_t W_xi 입니다. 가중치는 PyTorch 가중치의 전치로 보여 줍니다 (W_xi = W_ii^T, 모양 (H_in, H)).</translation>
    </message>
    <message>
        <source>Concatenated notation: W_f·[h_{t−1}, x_t]. W_f is PyTorch&apos;s two slices joined, [W_hf | W_if], and b_f = b_if + b_hf.</source>
        <translation>연결 표기: W_f·[h_{t−1}, x_t] 입니다. W_f는 PyTorch의 두 조각을 이어 붙인 [W_hf | W_if], b_f = b_if + b_hf 입니다.</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>sine wave</source>
        <translation>사인파</translation>
    </message>
    <message>
        <source>handwritten digit</source>
        <translation>손글씨 숫자</translation>
    </message>
    <message>
        <source>file</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Click an equation</source>
        <translation>수식을 클릭하세요</translation>
    </message>
    <message>
        <source>Selected tensor</source>
        <translation>선택한 텐서</translation>
    </message>
    <message>
        <source>Term by term (this step t, batch n)</source>
        <translation>항별 계산 (이 시점 t, 배치 n)</translation>
    </message>
    <message>
        <source>Gates and states over time (LSTMVis)</source>
        <translation>시간에 따른 게이트와 상태 (LSTMVis)</translation>
    </message>
    <message>
        <source>Model and input</source>
        <translation>모델과 입력</translation>
    </message>
    <message>
        <source>An equation not linked to the model</source>
        <translation>모델과 연결되지 않은 식</translation>
    </message>
    <message>
        <source>This equation cannot be linked to the model&apos;s tensors.</source>
        <translation>이 식은 모델의 텐서와 연결할 수 없습니다.</translation>
    </message>
    <message>
        <source>Input x: {0} (seed {1}), ({2})</source>
        <translation>입력 x: {0} (seed {1}), ({2})</translation>
    </message>
    <message>
        <source>✓ matches PyTorch</source>
        <translation>✓ PyTorch와 일치</translation>
    </message>
    <message>
        <source>✗ differs from PyTorch</source>
        <translation>✗ PyTorch와 다름</translation>
    </message>
    <message>
        <source>tolerance {0}</source>
        <translation>허용 오차 {0}</translation>
    </message>
    <message>
        <source>output max|Δ| {0}</source>
        <translation>출력 max|Δ| {0}</translation>
    </message>
    <message>
        <source>Compared with the nn module&apos;s own outputs</source>
        <translation>nn 모듈 자신의 출력과 비교한 결과</translation>
    </message>
    <message>
        <source>d2l notation: the transpose of PyTorch&apos;s {0} ({0}^T)</source>
        <translation>d2l 표기: PyTorch {0}의 전치 ({0}^T)</translation>
    </message>
    <message>
        <source>This equation cannot be typeset: {0}</source>
        <translation>이 수식은 그릴 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>--symbol {0} is out of range: equation {1} has {2} symbol(s).</source>
        <translation>--symbol {0}은(는) 범위를 벗어났습니다: 수식 {1}의 기호는 {2}개입니다.</translation>
    </message>
    <message>
        <source>untrained (random init, seed {0})</source>
        <translation>학습 전 (무작위 초기화, 시드 {0})</translation>
    </message>
    <message>
        <source>loaded: {0}</source>
        <translation>불러옴: {0}</translation>
    </message>
    <message>
        <source>trained: {0} steps</source>
        <translation>학습됨: {0}단계</translation>
    </message>
    <message>
        <source>test accuracy {0}%</source>
        <translation>테스트 정확도 {0}%</translation>
    </message>
    <message>
        <source>Use trained weights</source>
        <translation>학습된 가중치 사용</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>멈춤</translation>
    </message>
    <message>
        <source>Time budget</source>
        <translation>학습 시간 한도</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>목표 없음</translation>
    </message>
    <message>
        <source>Stop at this test accuracy</source>
        <translation>테스트 정확도가 이만큼 되면 멈춤</translation>
    </message>
    <message>
        <source>Load weights…</source>
        <translation>가중치 불러오기…</translation>
    </message>
    <message>
        <source>Load weights (a state_dict)</source>
        <translation>가중치 불러오기 (state_dict)</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch 가중치 (*.pt *.pth);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>saved weights: {0}</source>
        <translation>저장된 가중치: {0}</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>학습 중…</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>{0}단계</translation>
    </message>
    <message>
        <source>loss {0}</source>
        <translation>손실 {0}</translation>
    </message>
    <message>
        <source>time budget reached</source>
        <translation>시간 한도에 도달</translation>
    </message>
    <message>
        <source>target accuracy reached</source>
        <translation>목표 정확도에 도달</translation>
    </message>
    <message>
        <source>stopped by you (weights so far kept)</source>
        <translation>사용자가 멈춤 (지금까지의 가중치를 유지)</translation>
    </message>
    <message>
        <source>step limit reached</source>
        <translation>단계 한도에 도달</translation>
    </message>
    <message>
        <source>the loss diverged</source>
        <translation>손실이 발산함</translation>
    </message>
    <message>
        <source>Maps with</source>
        <translation>히트맵 가중치</translation>
    </message>
    <message>
        <source>untrained</source>
        <translation>학습 전</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>학습 후</translation>
    </message>
    <message>
        <source>Task: {0}</source>
        <translation>과제: {0}</translation>
    </message>
    <message>
        <source>Gradients through time (BPTT)</source>
        <translation>시간에 따른 기울기 (BPTT)</translation>
    </message>
    <message>
        <source>‖∂L/∂h_t‖ per layer (log scale; dashed: ‖∂L/∂c_t‖)</source>
        <translation>층별 ‖∂L/∂h_t‖ (로그 눈금, 점선: ‖∂L/∂c_t‖)</translation>
    </message>
    <message>
        <source>The same sizes as RNN, GRU and LSTM on the same input</source>
        <translation>같은 크기의 RNN, GRU, LSTM을 같은 입력에서 비교</translation>
    </message>
    <message>
        <source>Last layer, L = ½‖h_T‖² for all three so that they compare; seeded weights.</source>
        <translation>마지막 층. 세 모델을 비교할 수 있도록 모두 L = ½‖h_T‖²를 쓰고, 가중치는 시드로 만듭니다.</translation>
    </message>
    <message>
        <source>Jacobians of layer</source>
        <translation>야코비안을 볼 층</translation>
    </message>
    <message>
        <source>Spectral norm ‖·‖₂ (the largest singular value: how much a change at step t can grow or shrink on its way to step T), largest over the batch.</source>
        <translation>스펙트럴 노름 ‖·‖₂ (가장 큰 특이값: 시점 t의 변화가 시점 T까지 가면서 얼마나 커지거나 작아질 수 있는지), 배치 안에서 가장 큰 값.</translation>
    </message>
    <message>
        <source>BPTT terms of</source>
        <translation>BPTT 항을 볼 가중치</translation>
    </message>
    <message>
        <source>Truncated BPTT: k = {0}</source>
        <translation>잘라 낸 BPTT: k = {0}</translation>
    </message>
    <message>
        <source>Truncated BPTT: off (full)</source>
        <translation>잘라 낸 BPTT: 끔 (전체)</translation>
    </message>
    <message>
        <source>reverse</source>
        <translation>역방향</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>정방향</translation>
    </message>
    <message>
        <source>a gradient through time</source>
        <translation>시간에 따른 기울기</translation>
    </message>
    <message>
        <source>Tracing the gradients…</source>
        <translation>기울기를 계산하는 중…</translation>
    </message>
    <message>
        <source>Loss (assumed)</source>
        <translation>손실 (가정)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>통과</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>∂L/∂W equals autograd through the module itself: max |Δ| {0:.1e} (tolerance {1:.0e}) — {2}</source>
        <translation>∂L/∂W를 모듈 자체의 autograd와 비교: 최대 |Δ| {0:.1e} (허용 오차 {1:.0e}) — {2}</translation>
    </message>
    <message>
        <source>Not checked: the note&apos;s own forward cannot be run in chunks of k steps to compare with.</source>
        <translation>검증 안 함: 노트의 forward는 k 단계씩 잘라 실행해 비교할 수 없습니다.</translation>
    </message>
    <message>
        <source>This model has no head, so {0} does not exist here; L is taken at the last hidden state.</source>
        <translation>이 모델에는 출력 층(head)이 없어 여기서는 {0}이(가) 없습니다. L은 마지막 은닉 상태에서 잽니다.</translation>
    </message>
    <message>
        <source>This model has no {0}: {1} cannot be shown.</source>
        <translation>이 모델에는 {0}이(가) 없어 {1}을(를) 보여 줄 수 없습니다.</translation>
    </message>
    <message>
        <source>{0} = {1}: each bar is step t&apos;s term along ∂L/∂W; the bars add up to ‖∂L/∂W‖ = {2:.3g} (Σ of the terms − ∂L/∂W: {3:.1e})</source>
        <translation>{0} = {1}: 막대 하나는 시점 t의 항을 ∂L/∂W 방향으로 본 값이고, 막대를 모두 더하면 ‖∂L/∂W‖ = {2:.3g}입니다 (항의 합 − ∂L/∂W: {3:.1e})</translation>
    </message>
</context>
<context>
    <name>Kernel</name>
    <message>
        <source>Kernel starting</source>
        <translation>커널 시작 중</translation>
    </message>
    <message>
        <source>Kernel idle</source>
        <translation>커널 대기</translation>
    </message>
    <message>
        <source>Kernel running</source>
        <translation>커널 실행 중</translation>
    </message>
    <message>
        <source>Kernel stopped</source>
        <translation>커널 중지됨</translation>
    </message>
</context>
<context>
    <name>KernelBudget</name>
    <message>
        <source>This note&apos;s kernel was stopped to save memory; it is starting again.</source>
        <translation>메모리를 아끼려고 이 노트의 커널을 멈췄었습니다. 다시 시작합니다.</translation>
    </message>
    <message>
        <source>Kernel budget</source>
        <translation>커널 예산</translation>
    </message>
    <message>
        <source>Kernels kept running at once (each about 320 MB; the least recently shown note&apos;s goes first):</source>
        <translation>동시에 켜 둘 커널 수 (하나에 약 320 MB, 가장 오래전에 본 노트의 커널부터 멈춥니다):</translation>
    </message>
    <message>
        <source>Kernel budget…</source>
        <translation>커널 예산…</translation>
    </message>
</context>
<context>
    <name>KernelHome</name>
    <message>
        <source>Kernel location</source>
        <translation>커널 위치</translation>
    </message>
    <message>
        <source>Save server</source>
        <translation>서버 저장</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>서버 삭제</translation>
    </message>
    <message>
        <source>Run this vault&apos;s kernels on</source>
        <translation>이 볼트의 커널을 실행할 곳</translation>
    </message>
    <message>
        <source>Server name</source>
        <translation>서버 이름</translation>
    </message>
    <message>
        <source>URL or connection file</source>
        <translation>URL 또는 연결 파일</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Kernel (kernelspec)</source>
        <translation>커널 (kernelspec)</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>이 컴퓨터</translation>
    </message>
    <message>
        <source>(stored; leave empty to keep)</source>
        <translation>(저장됨: 비워 두면 그대로 유지)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
</context>
<context>
    <name>KernelStatus</name>
    <message>
        <source>The kernel that runs this note&apos;s code and math</source>
        <translation>이 노트의 코드와 수식을 계산하는 커널</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>재시작</translation>
    </message>
    <message>
        <source>Start a new kernel for this note</source>
        <translation>이 노트의 커널을 새로 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Kernel</source>
        <translation>커널(&amp;K)</translation>
    </message>
    <message>
        <source>Interrupt</source>
        <translation>중단</translation>
    </message>
    <message>
        <source>The kernel stopped: {0} — Kernel → Restart starts a new one.</source>
        <translation>커널이 중지되었습니다: {0} — 커널 → 재시작으로 새 커널을 시작하세요.</translation>
    </message>
    <message>
        <source>Interrupt sent to the kernel.</source>
        <translation>커널에 중단을 요청했습니다.</translation>
    </message>
    <message>
        <source>Restarting the kernel…</source>
        <translation>커널을 다시 시작하는 중…</translation>
    </message>
    <message>
        <source>Where this note&apos;s kernel runs</source>
        <translation>이 노트의 커널이 실행되는 곳</translation>
    </message>
    <message>
        <source>Kernel location…</source>
        <translation>커널 위치…</translation>
    </message>
    <message>
        <source>Kernel: {0} (remote) · {1}</source>
        <translation>커널: {0} (원격) · {1}</translation>
    </message>
    <message>
        <source>Kernel: this computer · {0}</source>
        <translation>커널: 이 컴퓨터 · {0}</translation>
    </message>
    <message>
        <source>Send it now? Nothing is installed on the server.</source>
        <translation>지금 보낼까요? 서버에는 아무것도 설치하지 않습니다.</translation>
    </message>
    <message>
        <source>Tensornote engine</source>
        <translation>Tensornote 엔진</translation>
    </message>
    <message>
        <source>Sending the engine to {0}…</source>
        <translation>{0}에 엔진을 보내는 중…</translation>
    </message>
</context>
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
    <name>MainWindow</name>
    <message>
        <source>Notes</source>
        <translation>노트</translation>
    </message>
    <message numerus="yes">
        <source>Vault: {0}  ·  %n note(s)</source>
        <translation>
            <numerusform>볼트: {0}  ·  노트 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>This folder cannot be read</source>
        <translation>이 폴더를 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <source>Check its permissions, or use File → Open Vault… for another folder.</source>
        <translation>폴더 권한을 확인하거나, 파일 → 볼트 열기…로 다른 폴더를 여세요.</translation>
    </message>
    <message>
        <source>This folder could not be read, so its notes are not listed: {0} ({1})</source>
        <translation>이 폴더를 읽을 수 없어 그 안의 노트를 목록에 넣지 못했습니다: {0} ({1})</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>{0} 여는 중…</translation>
    </message>
    <message>
        <source>Equations {0} · Code {1}</source>
        <translation>수식 {0} · 코드 {1}</translation>
    </message>
    <message>
        <source>The note was renamed: {0}</source>
        <translation>노트 이름이 바뀌었습니다: {0}</translation>
    </message>
    <message>
        <source>This note was deleted or moved out of the vault: {0}. It is shown again as soon as it comes back.</source>
        <translation>이 노트가 지워졌거나 볼트 밖으로 옮겨졌습니다: {0}. 돌아오면 바로 다시 보여 줍니다.</translation>
    </message>
    <message>
        <source>Not opened: the link points outside the vault: {0}</source>
        <translation>볼트 밖을 가리키는 링크라서 열지 않았습니다: {0}</translation>
    </message>
    <message>
        <source>This note does not exist yet: {0}</source>
        <translation>아직 없는 노트입니다: {0}</translation>
    </message>
    <message>
        <source>This file is not a note: {0}</source>
        <translation>노트가 아닌 파일입니다: {0}</translation>
    </message>
    <message>
        <source>Not in this note: {0}</source>
        <translation>이 노트에 없습니다: {0}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Back / Forward</source>
        <translation>뒤로 / 앞으로</translation>
    </message>
    <message>
        <source>Zoom in / Zoom out / Actual size</source>
        <translation>확대 / 축소 / 원래 크기</translation>
    </message>
    <message>
        <source>Reload the note</source>
        <translation>노트 다시 불러오기</translation>
    </message>
    <message>
        <source>Quick switcher (find notes by name or initial consonants)</source>
        <translation>빠른 전환 (노트 이름·초성으로 찾기)</translation>
    </message>
    <message>
        <source>Search the vault</source>
        <translation>볼트 검색</translation>
    </message>
    <message>
        <source>Open a vault</source>
        <translation>볼트 열기</translation>
    </message>
    <message>
        <source>Click an equation to see its id and LaTeX in the status bar; click a code block to see its first line and line range.</source>
        <translation>수식을 누르면 그 수식의 id와 LaTeX가, 코드 블록을 누르면 코드의 첫 줄과 줄 범위가
상태 표시줄에 나옵니다.</translation>
    </message>
    <message>
        <source>Choose a folder to open as a vault</source>
        <translation>볼트로 열 폴더 고르기</translation>
    </message>
    <message>
        <source>Open a note</source>
        <translation>노트 열기</translation>
    </message>
    <message>
        <source>Markdown notes (*.md *.markdown)</source>
        <translation>마크다운 노트 (*.md *.markdown)</translation>
    </message>
    <message>
        <source>About Tensornote</source>
        <translation>Tensornote 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tensornote&lt;/h3&gt;&lt;p&gt;A note app for students of deep learning. Click an equation in a note and it computes the tensors it refers to with PyTorch.&lt;/p&gt;&lt;p&gt;Obsidian vaults open as they are.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tensornote&lt;/h3&gt;&lt;p&gt;딥러닝을 공부하는 학생을 위한 노트 앱입니다. 노트의 수식을 누르면 그 수식이 가리키는 텐서를 PyTorch로 계산해 보여 줍니다.&lt;/p&gt;&lt;p&gt;Obsidian 볼트를 그대로 열 수 있습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Open Vault…</source>
        <translation>볼트 열기…</translation>
    </message>
    <message>
        <source>Open Note File…</source>
        <translation>노트 파일 열기…</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>다시 불러오기</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>원래 크기</translation>
    </message>
    <message>
        <source>Show Attachments</source>
        <translation>첨부 파일 보이기</translation>
    </message>
    <message>
        <source>Show Vault List</source>
        <translation>볼트 목록 보이기</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>앞으로</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>도구 모음</translation>
    </message>
</context>
<context>
    <name>NoteView</name>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>모두 선택</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>확대</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>축소</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>원래 크기</translation>
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
    <name>Pages</name>
    <message>
        <source>note</source>
        <translation>노트</translation>
    </message>
    <message>
        <source>This note could not be shown: {0}</source>
        <translation>이 노트를 표시하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>이유:</translation>
    </message>
    <message>
        <source>Fix the file and save it: it reloads by itself. Other notes open as usual.</source>
        <translation>파일을 고친 뒤 저장하면 자동으로 다시 불러옵니다. 다른 노트는 평소처럼 열 수 있습니다.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>자세한 내용</translation>
    </message>
    <message>
        <source>Error — {0}</source>
        <translation>오류 — {0}</translation>
    </message>
    <message>
        <source>This vault has no notes (.md) yet.</source>
        <translation>이 볼트에는 아직 노트(.md)가 없습니다.</translation>
    </message>
    <message>
        <source>Use File → Open Vault… to open another folder.</source>
        <translation>파일 → 볼트 열기…로 다른 폴더를 열 수 있습니다.</translation>
    </message>
    <message numerus="yes">
        <source>There are %n note(s). Choose one in the list on the left.</source>
        <translation>
            <numerusform>노트 %n개가 있습니다. 왼쪽 목록에서 노트를 고르세요.</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} vault</source>
        <translation>{0} 볼트</translation>
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
    <name>Rendering</name>
    <message>
        <source>The file cannot be read ({0})</source>
        <translation>파일을 읽을 수 없습니다 ({0})</translation>
    </message>
    <message>
        <source>This file is a binary file, not a text note, so its content cannot be shown.</source>
        <translation>이 파일은 텍스트 노트가 아니라 바이너리 파일이라 내용을 표시할 수 없습니다.</translation>
    </message>
    <message>
        <source>An error occurred while converting the note: {0}: {1}</source>
        <translation>노트를 변환하는 중 오류가 났습니다: {0}: {1}</translation>
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
    <name>ShapeBadges</name>
    <message>
        <source>Shapes are checked once the model runs in the kernel: click an equation first</source>
        <translation>모양은 모델이 커널에서 실행된 뒤에 확인합니다: 먼저 식을 클릭하세요</translation>
    </message>
    <message>
        <source>{0} · the tensor of the shape written on line {1}</source>
        <translation>{0} · {1}행에 쓴 모양이 가리키는 텐서</translation>
    </message>
    <message>
        <source>{0} · written {1} on line {2}</source>
        <translation>{0} · {2}행에 {1}(으)로 씀</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Dismiss</source>
        <translation>알림 닫기</translation>
    </message>
    <message>
        <source>Equation {0}</source>
        <translation>수식 {0}</translation>
    </message>
    <message>
        <source>Equation {0} ({1}): {2}</source>
        <translation>수식 {0} ({1}): {2}</translation>
    </message>
    <message>
        <source>Symbol {0}</source>
        <translation>기호 {0}</translation>
    </message>
    <message>
        <source>Symbol {0} (equation {1}, line {2}): {3}</source>
        <translation>기호 {0} (수식 {1}, 줄 {2}): {3}</translation>
    </message>
    <message>
        <source>Code {0}</source>
        <translation>코드 {0}</translation>
    </message>
    <message>
        <source>text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Code {0} ({1}, {2}): {3}</source>
        <translation>코드 {0} ({1}, {2}): {3}</translation>
    </message>
    <message>
        <source>line {0}</source>
        <translation>줄 {0}</translation>
    </message>
    <message>
        <source>lines {0}–{1}</source>
        <translation>줄 {0}–{1}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Follow the System</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
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
<context>
    <name>VaultTree</name>
    <message>
        <source>Folder: {0}</source>
        <translation>폴더: {0}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>노트: {0}</translation>
    </message>
    <message>
        <source>Attachment: {0}</source>
        <translation>첨부 파일: {0}</translation>
    </message>
    <message>
        <source>Vault note list</source>
        <translation>볼트 노트 목록</translation>
    </message>
</context>
</TS>
