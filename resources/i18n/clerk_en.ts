<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AcceptancePage</name>
    <message>
        <source>一件事 %1 已不在事项目录中</source>
        <translation>Bundle %1 is no longer in the service catalog</translation>
    </message>
    <message>
        <source>事项 %1 已不在事项目录中</source>
        <translation>Service item %1 is no longer in the service catalog</translation>
    </message>
    <message>
        <source>请先选择事项（F3），再为材料采集电子件</source>
        <translation>Choose an item first (F3), then capture its materials</translation>
    </message>
    <message>
        <source>正在合成电子件…</source>
        <translation>Joining pages…</translation>
    </message>
    <message>
        <source>正在合成电子件，完成后自动保存…</source>
        <translation>Joining the pages; saved when done…</translation>
    </message>
    <message>
        <source>%1 尚未合成</source>
        <translation>%1 is not joined yet</translation>
    </message>
    <message>
        <source>当前号：%1</source>
        <translation>Ticket: %1</translation>
    </message>
    <message>
        <source>窗口收件：%1；申请人 %2（%3）</source>
        <translation>Received at the window: %1; applicant %2 (%3)</translation>
    </message>
    <message>
        <source>：%1</source>
        <translation>: %1</translation>
    </message>
    <message>
        <source>；有权受理机关：%1</source>
        <translation>; competent authority: %1</translation>
    </message>
    <message>
        <source>；承诺期限 %1</source>
        <translation>; commitment due %1</translation>
    </message>
    <message>
        <source>（一件事：%1）</source>
        <translation> (bundle: %1)</translation>
    </message>
    <message>
        <source>电子件不能保存：%1</source>
        <translation>The electronic copy cannot be kept: %1</translation>
    </message>
    <message>
        <source>申请内容有改动，请重新确认</source>
        <translation>The application changed meanwhile; please confirm again</translation>
    </message>
    <message>
        <source>保存失败：%1</source>
        <translation>Saving failed: %1</translation>
    </message>
    <message>
        <source>已保存 %1：%2，%3</source>
        <translation>Saved %1: %2, %3</translation>
    </message>
    <message>
        <source>已保存 一件事 %1（%2 件）：%3，%4</source>
        <translation>Saved bundle %1 (%2 cases): %3, %4</translation>
    </message>
    <message>
        <source>① 申请人 [F2]</source>
        <translation>① Applicant [F2]</translation>
    </message>
    <message>
        <source>新申请人 (Ctrl+N)</source>
        <translation>New applicant (Ctrl+N)</translation>
    </message>
    <message>
        <source>② 事项 [F3]</source>
        <translation>② Service item [F3]</translation>
    </message>
    <message>
        <source>③ 情形 [F4] 与材料清单 [F5]</source>
        <translation>③ Scenario [F4] and materials [F5]</translation>
    </message>
    <message>
        <source>④ 受理决定 [F9]</source>
        <translation>④ Decision [F9]</translation>
    </message>
</context>
<context>
    <name>AlertSettingsDialog</name>
    <message>
        <source>大厅提醒设置</source>
        <translation>Hall alert settings</translation>
    </message>
    <message>
        <source>排队最长等候超过</source>
        <translation>Longest wait over</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>窗口暂停超过</source>
        <translation>Window paused over</translation>
    </message>
    <message>
        <source>承诺期限前提醒</source>
        <translation>Warn before promised date</translation>
    </message>
    <message>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <source>差评回访时限</source>
        <translation>Complaint follow-up within</translation>
    </message>
    <message>
        <source>超过阈值显示黄色，达到两倍显示红色；已过承诺日期的案件和逾期未回访的差评显示红色。新的回访时限适用于此后的差评。</source>
        <translation>Past a threshold an alert is yellow, at twice it red; cases past their promised date and complaints not followed up in time are red. A new follow-up limit applies to later complaints.</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>综合窗口受理系统</source>
        <translation>Comprehensive Window Service</translation>
    </message>
</context>
<context>
    <name>ApplicantPanel</name>
    <message>
        <source>申请人类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>证件号码*</source>
        <translation>ID number*</translation>
    </message>
    <message>
        <source>刷证、扫码或输入证件号码，回车确认</source>
        <translation>Swipe the card, scan or type the ID number, then Enter</translation>
    </message>
    <message>
        <source>国籍*</source>
        <translation>Nationality*</translation>
    </message>
    <message>
        <source>无电话</source>
        <translation>No phone</translation>
    </message>
    <message>
        <source>申请人没有电话：请写明如何联系（如由代办人转告）</source>
        <translation>The applicant has no telephone: write down how to reach them (e.g. through the agent)</translation>
    </message>
    <message>
        <source>如何联系，如：由代办人（其子）转告</source>
        <translation>How to reach them, e.g. through the agent (her son)</translation>
    </message>
    <message>
        <source>联系地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>代办人办理（非本人到场）</source>
        <translation>Through an agent (applicant not present)</translation>
    </message>
    <message>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>无电话原因*</source>
        <translation>Why no phone*</translation>
    </message>
    <message>
        <source>联系电话*</source>
        <translation>Telephone*</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <source>手机、带区号的固定电话或境外号码（+852…）</source>
        <translation>Mobile, landline with area code, or a number abroad (+852…)</translation>
    </message>
    <message>
        <source>手机、带区号的固定电话或境外号码</source>
        <translation>Mobile, landline with area code, or a number abroad</translation>
    </message>
    <message>
        <source>单位名称*</source>
        <translation>Organisation*</translation>
    </message>
    <message>
        <source>姓名*</source>
        <translation>Name*</translation>
    </message>
    <message>
        <source>单位可不填，建议填写经办人电话</source>
        <translation>Optional for organisations; the contact person&apos;s phone is best</translation>
    </message>
    <message>
        <source>申请人护照：</source>
        <translation>Applicant&apos;s passport: </translation>
    </message>
    <message>
        <source>代办人护照：</source>
        <translation>Agent&apos;s passport: </translation>
    </message>
    <message>
        <source>请写明申请人无电话的原因及联系方式</source>
        <translation>Write down why the applicant has no telephone and how to reach them</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>申请单位</source>
        <translation>Applying organisation</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>%1证件号码：%2</source>
        <translation>%1 ID number: %2</translation>
    </message>
    <message>
        <source>请填写申请单位名称</source>
        <translation>Enter the organisation&apos;s name</translation>
    </message>
    <message>
        <source>请填写申请人姓名</source>
        <translation>Enter the applicant&apos;s name</translation>
    </message>
    <message>
        <source>请填写申请人联系电话（手机、带区号的固定电话或境外号码均可）</source>
        <translation>Enter the applicant&apos;s telephone (mobile, landline with area code or a number abroad)</translation>
    </message>
    <message>
        <source>申请人联系电话：</source>
        <translation>Applicant&apos;s telephone: </translation>
    </message>
    <message>
        <source>代办人证件号码：%1</source>
        <translation>Agent&apos;s ID number: %1</translation>
    </message>
    <message>
        <source>请填写代办人姓名</source>
        <translation>Enter the agent&apos;s name</translation>
    </message>
    <message>
        <source>请填写代办人联系电话</source>
        <translation>Enter the agent&apos;s telephone</translation>
    </message>
    <message>
        <source>代办人联系电话：</source>
        <translation>Agent&apos;s telephone: </translation>
    </message>
    <message>
        <source>老用户：已从本机记录填入</source>
        <translation>Returning applicant: filled in from this PC&apos;s records</translation>
    </message>
    <message>
        <source>正在联网查询申请人…</source>
        <translation>Looking the applicant up online…</translation>
    </message>
    <message>
        <source>联网查询失败，请手工填写</source>
        <translation>Online lookup failed: fill in by hand</translation>
    </message>
    <message>
        <source>老用户：已从本大厅申请人库填入</source>
        <translation>Returning applicant: filled in from the hall&apos;s applicant records</translation>
    </message>
    <message>
        <source>新申请人，请填写姓名和联系方式</source>
        <translation>New applicant: enter the name and contact details</translation>
    </message>
</context>
<context>
    <name>AppointmentSlotsModel</name>
    <message>
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>时段</source>
        <translation>Slot</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Booked</translation>
    </message>
    <message>
        <source>已签到</source>
        <translation>Checked in</translation>
    </message>
    <message>
        <source>其中迟到</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>爽约</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>待签到</source>
        <translation>Expected</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <source>一件事：%1</source>
        <translation>Bundle: %1</translation>
    </message>
    <message>
        <source>申请人 %1。%2；勾选的事项一起发放，其余办结后再来领取。</source>
        <translation>Applicant %1. %2; the ticked items go out together, the others once they are finished.</translation>
    </message>
</context>
<context>
    <name>BundleItemsPanel</name>
    <message>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>选/不选 (空格)</source>
        <translation>Select (Space)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 项决定不能确认（红色）</source>
        <translation>%1 decisions cannot be confirmed (red)</translation>
    </message>
    <message>
        <source>空格 选/不选 · 1–5 本项决定 [Shift+F9]</source>
        <translation>Space select · 1–5 this item&apos;s decision [Shift+F9]</translation>
    </message>
    <message>
        <source>空格=选/不选可选事项&#x3000;1 受理 · 2 容缺受理 · 3 一次性告知 · 4 不予受理 · 5 当场办结（本事项）</source>
        <translation>Space = select optional items · 1 Accept · 2 Accept, pending · 3 One-time notice · 4 Refuse · 5 Complete on the spot (this item)</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>材料：%1</source>
        <translation>Material: %1</translation>
    </message>
    <message>
        <source>无（只能添加文件）</source>
        <translation>none (add files only)</translation>
    </message>
    <message>
        <source>页面来源：%1</source>
        <translation>Page sources: %1</translation>
    </message>
    <message>
        <source>正在读取页面…</source>
        <translation>Reading pages…</translation>
    </message>
    <message>
        <source>没有可拍照的高拍仪；请用扫描仪或添加文件</source>
        <translation>No document camera to take a page; use the scanner or add a file</translation>
    </message>
    <message>
        <source>文件 %1</source>
        <translation>file %1</translation>
    </message>
    <message>
        <source>页面未能读取：%1</source>
        <translation>The page could not be read: %1</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1：无法读取（%2）</source>
        <translation>%1: cannot be read (%2)</translation>
    </message>
    <message>
        <source>添加文件</source>
        <translation>Add files</translation>
    </message>
    <message>
        <source>PDF或图片 (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>PDF or images (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>有效期至请按 YYYY-MM-DD 填写，例如 2030-05-01</source>
        <translation>Enter the expiry date as YYYY-MM-DD, e.g. 2030-05-01</translation>
    </message>
    <message>
        <source>页面未能保存到本机：%1</source>
        <translation>The pages could not be kept on this PC: %1</translation>
    </message>
    <message>
        <source>采集电子件</source>
        <translation>Capture electronic copy</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>证件上的有效期（长期有效或无期限的不填），用于共享材料库</source>
        <translation>The document&apos;s expiry date (leave empty if it never expires), for the shared materials library</translation>
    </message>
    <message>
        <source>发证机关</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <source>可不填</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>拍照 (空格)</source>
        <translation>Take page (Space)</translation>
    </message>
    <message>
        <source>添加文件… (Ctrl+O)</source>
        <translation>Add file… (Ctrl+O)</translation>
    </message>
    <message>
        <source>旋转 (R)</source>
        <translation>Rotate (R)</translation>
    </message>
    <message>
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <source>完成 (Esc)</source>
        <translation>Done (Esc)</translation>
    </message>
    <message>
        <source>空格 拍照 · Ctrl+←/→ 调整顺序 · R / Shift+R 旋转 · Del 删除 · 页面在保存受理时合并为一个PDF</source>
        <translation>Space take page · Ctrl+←/→ reorder · R / Shift+R rotate · Del delete · the pages become one PDF when the case is saved</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>案件详情：%1</source>
        <translation>Case details: %1</translation>
    </message>
    <message>
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>实施主体</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>情形</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>%1号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <source>通知书未打印：%1。请补打并交给申请人。</source>
        <translation>Notice not printed: %1. Reprint it and hand it to the applicant.</translation>
    </message>
    <message>
        <source>无法补打一件事受理通知书</source>
        <translation>Cannot reprint the bundle acceptance notice</translation>
    </message>
    <message>
        <source>一件事 %1 共 %2 个事项，本机只有其中 %3 件案件，缺少：%4。
通知书须列出全部事项，不能只打印一部分：请在受理该一件事的窗口电脑上补打。</source>
        <translation>Bundle %1 has %2 items, but only %3 of its cases are on this PC; missing: %4.
The notice must list every item, not part of them: reprint it on the window PC that accepted the bundle.</translation>
    </message>
    <message>
        <source>补打%1</source>
        <translation>Reprint %1</translation>
    </message>
    <message>
        <source>打印%1</source>
        <translation>Print %1</translation>
    </message>
    <message>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>理由/说明</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <source>一件事</source>
        <translation>Bundle</translation>
    </message>
</context>
<context>
    <name>CaseTables</name>
    <message>
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <source>审批暂停，期限暂停计算</source>
        <translation>Approval suspended: the time limit is paused</translation>
    </message>
    <message>
        <source>已超期 %2 个工作日（承诺办结 %1）</source>
        <translation>%2 working days overdue (promised by %1)</translation>
    </message>
    <message>
        <source>今天到期（承诺办结 %1）</source>
        <translation>Due today (promised by %1)</translation>
    </message>
    <message>
        <source>剩余 %1 个工作日（承诺办结 %2）</source>
        <translation>%1 working days left (promised by %2)</translation>
    </message>
    <message>
        <source>%1 · 通知书未打印</source>
        <translation>%1 · notice not printed</translation>
    </message>
    <message>
        <source>通知书未打印：%1。打开案件补打并交给申请人</source>
        <translation>Notice not printed: %1. Open the case, reprint it and hand it to the applicant</translation>
    </message>
    <message>
        <source>受理登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <source>帮办预审</source>
        <translation>Pre-check</translation>
    </message>
    <message>
        <source>收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>作出决定</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>打印文书</source>
        <translation>Printed</translation>
    </message>
    <message>
        <source>状态变更</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Changed</translation>
    </message>
    <message>
        <source>上传中心</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>通知领取</source>
        <translation>Notified to collect</translation>
    </message>
    <message>
        <source>发放结果</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>邮寄结果</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>接件审批</source>
        <translation>Taken for review</translation>
    </message>
    <message>
        <source>暂停审批</source>
        <translation>Review suspended</translation>
    </message>
    <message>
        <source>恢复审批</source>
        <translation>Review resumed</translation>
    </message>
    <message>
        <source>延长期限</source>
        <translation>Time limit extended</translation>
    </message>
    <message>
        <source>准予许可</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予许可</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <source>结果待领取</source>
        <translation>Result ready for pickup</translation>
    </message>
    <message>
        <source>中心退回</source>
        <translation>Returned by the server</translation>
    </message>
    <message>
        <source>修改冲突</source>
        <translation>Change conflict</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Change discarded</translation>
    </message>
    <message>
        <source>通知书未打印</source>
        <translation>Notice not printed</translation>
    </message>
    <message>
        <source>容缺补齐</source>
        <translation>Pending materials supplied</translation>
    </message>
    <message>
        <source>终止办理</source>
        <translation>Terminated</translation>
    </message>
    <message>
        <source>批准延期</source>
        <translation>Extension approved</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <source>首次打印</source>
        <translation>First print</translation>
    </message>
    <message>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>打印人</source>
        <translation>Printed by</translation>
    </message>
    <message>
        <source>打印时间</source>
        <translation>Printed at</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>收取情况</source>
        <translation>Received?</translation>
    </message>
    <message>
        <source>实施部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>发放</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <source>办理情况</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>办理结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>%1 · 待补齐</source>
        <translation>%1 · materials pending</translation>
    </message>
    <message>
        <source>容缺材料待补齐，承诺期限 %1</source>
        <translation>Pending materials due by %1</translation>
    </message>
    <message>
        <source>待补齐（承诺%1）</source>
        <translation>Materials pending (due %1)</translation>
    </message>
    <message>
        <source>逾期办结</source>
        <translation>Late</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>按期办结</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>待通知</source>
        <translation>To notify</translation>
    </message>
    <message>
        <source>已通知</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>通知</source>
        <translation>Notified</translation>
    </message>
    <message>
        <source>送达方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>出件日期</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>一件事承诺办结：%1</source>
        <translation>Bundle promised by: %1</translation>
    </message>
    <message>
        <source>一件事 %1&#x3000;%2&#x3000;申请人：%3&#x3000;%4</source>
        <translation>Bundle %1   %2   applicant: %3   %4</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>确认新密码</source>
        <translation>Confirm new password</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>请输入原密码</source>
        <translation>Enter the current password</translation>
    </message>
    <message>
        <source>请输入新密码</source>
        <translation>Enter the new password</translation>
    </message>
    <message>
        <source>密码要求：%1</source>
        <translation>Password rules: %1</translation>
    </message>
    <message>
        <source>只有连接中心服务器时才能修改密码，当前为离线状态，请联网后再试</source>
        <translation>The password can only be changed while connected to the central server. This window is offline: try again once connected.</translation>
    </message>
    <message>
        <source>密码已修改。本账户的所有登录均已结束，请用新密码重新登录。</source>
        <translation>Password changed. Every session of this account has ended: sign in again with the new password.</translation>
    </message>
    <message>
        <source>至少8位，至少含大写字母、小写字母、数字、符号中的三类，不能包含用户名</source>
        <translation>at least 8 characters, at least three of upper case, lower case, digits and symbols, not containing the user name</translation>
    </message>
    <message>
        <source>密码至少8位</source>
        <translation>The password needs at least 8 characters</translation>
    </message>
    <message>
        <source>密码须包含大写字母、小写字母、数字、符号中的至少三类</source>
        <translation>The password needs at least three of upper case, lower case, digits and symbols</translation>
    </message>
    <message>
        <source>密码不能包含用户名</source>
        <translation>The password must not contain the user name</translation>
    </message>
    <message>
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords differ</translation>
    </message>
    <message>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>重新登录</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <source>修改密码失败：%1</source>
        <translation>Changing the password failed: %1</translation>
    </message>
    <message>
        <source>中心服务器暂时无法连接，只有连接中心服务器时才能修改密码，请稍后再试</source>
        <translation>The central server cannot be reached; the password can only be changed while connected. Try again later.</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <source>免提交</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <source>%1页</source>
        <translation>%1 p.</translation>
    </message>
    <message>
        <source>库中调取</source>
        <translation>From library</translation>
    </message>
    <message>
        <source>核验+电子件</source>
        <translation>Verified + e-copy</translation>
    </message>
    <message>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Needed</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>实收份数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>适用事项</source>
        <translation>For items</translation>
    </message>
    <message>
        <source>电子件</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>第%1页</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>共 %1 页</source>
        <translation>%1 pages in all</translation>
    </message>
    <message>
        <source>来源：%1</source>
        <translation>Source: %1</translation>
    </message>
    <message>
        <source>说明：%1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>空白表格：%1</source>
        <translation>Blank form: %1</translation>
    </message>
    <message>
        <source>示例样表：%1</source>
        <translation>Sample: %1</translation>
    </message>
    <message>
        <source>需补正：%1</source>
        <translation>Needs correction: %1</translation>
    </message>
    <message>
        <source>适用事项：%1</source>
        <translation>For items: %1</translation>
    </message>
    <message>
        <source>长期有效</source>
        <translation>no expiry</translation>
    </message>
    <message>
        <source>有效期至 %1</source>
        <translation>to %1</translation>
    </message>
    <message>
        <source>库中调取·免提交</source>
        <translation>Reused from library</translation>
    </message>
    <message>
        <source>库中已过期（%1）·需提交</source>
        <translation>Library copy expired %1</translation>
    </message>
    <message>
        <source>库中已有（%1）·免提交</source>
        <translation>In library (%1)</translation>
    </message>
    <message>
        <source>电子件：%1</source>
        <translation>E-copy: %1</translation>
    </message>
    <message>
        <source>电子件：未采集（F11 采集）</source>
        <translation>E-copy: not captured (F11 to capture)</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <source>尚未选择事项（F3 搜索事项）</source>
        <translation>No service item chosen yet (F3 to search)</translation>
    </message>
    <message>
        <source>%1（%2，%3）</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>【一件事】%1：%2</source>
        <translation>[Bundle] %1: %2</translation>
    </message>
    <message>
        <source>（请选择情形）</source>
        <translation>(choose the scenario)</translation>
    </message>
    <message>
        <source>情形 (F4)</source>
        <translation>Scenario (F4)</translation>
    </message>
    <message>
        <source>情形 %1 已不在事项目录中</source>
        <translation>Scenario %1 is no longer in the service catalog</translation>
    </message>
    <message>
        <source>请先选择事项（F3）</source>
        <translation>Choose the service item first (F3)</translation>
    </message>
    <message>
        <source>请选择“%1”的办理情形（F4）</source>
        <translation>Choose the scenario of &apos;%1&apos; (F4)</translation>
    </message>
    <message>
        <source>必要 %1 项：已收 %2 · 未收 %3 · 需补正 %4</source>
        <translation>%1 required materials: %2 received, %3 missing, %4 need correction</translation>
    </message>
    <message>
        <source> · 无电子件 %1</source>
        <translation>, no e-copy %1</translation>
    </message>
    <message>
        <source>未采集电子件：%1</source>
        <translation>No e-copy yet: %1</translation>
    </message>
    <message>
        <source>本件内产生，无需提交：%1</source>
        <translation>Produced within this bundle, not to be submitted: %1</translation>
    </message>
    <message>
        <source>空格=已收/未收&#x3000;D=需补正&#x3000;数字=实收份数&#x3000;回车=编辑备注&#x3000;Ctrl+A=必要材料全部已收</source>
        <translation>Space = received/missing   D = needs correction   digits = copies received   Enter = edit note   Ctrl+A = all required received</translation>
    </message>
    <message>
        <source>空格 已收 · D 补正 · 数字 份数 · 回车 备注 · F11 电子件</source>
        <translation>Space received · D correction · digits copies · Enter note · F11 e-copy</translation>
    </message>
    <message>
        <source>把所有“未收”的必要材料标为已收；非必要材料和需补正的材料请逐项确认</source>
        <translation>Mark every &apos;missing&apos; required material as received; confirm optional materials and those needing correction one by one</translation>
    </message>
    <message>
        <source>必要材料全部已收 (Ctrl+A)</source>
        <translation>All required received (Ctrl+A)</translation>
    </message>
</context>
<context>
    <name>ConnectingScreen</name>
    <message>
        <source>无法连接中心服务器</source>
        <translation>Cannot connect to the central server</translation>
    </message>
    <message>
        <source>%1。%2 秒后自动重试。</source>
        <translation>%1. Retrying in %2 seconds.</translation>
    </message>
    <message>
        <source>正在连接中心服务器…</source>
        <translation>Connecting to the central server…</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <source>仅即办件可当场办结</source>
        <translation>Only same-day items can be completed on the spot</translation>
    </message>
    <message>
        <source>本事项不允许容缺受理</source>
        <translation>This item cannot be accepted with pending materials</translation>
    </message>
    <message>
        <source>本厅要求采集电子件，以下必要材料尚未采集（F11）：%1</source>
        <translation>This hall requires an electronic copy; not yet captured (F11): %1</translation>
    </message>
    <message>
        <source>「%1」不能当场办结</source>
        <translation>&apos;%1&apos; cannot be completed on the spot</translation>
    </message>
    <message>
        <source>请选择受理决定（Alt+1 至 Alt+5）</source>
        <translation>Choose the decision (Alt+1 to Alt+5)</translation>
    </message>
    <message>
        <source>选择了免费邮寄，请填写邮寄地址</source>
        <translation>Free mail delivery chosen: enter the postal address</translation>
    </message>
    <message>
        <source>请选择受理决定（Alt+1 至 Alt+5 决定全部事项）</source>
        <translation>Choose the decision (Alt+1 to Alt+5 decide every item)</translation>
    </message>
    <message>
        <source>（涉及：%1）</source>
        <translation> (concerns: %1)</translation>
    </message>
    <message>
        <source>不能确认，请处理：</source>
        <translation>Cannot confirm; please fix:</translation>
    </message>
    <message>
        <source>容缺材料（承诺期限内补齐）：</source>
        <translation>Pending materials (to supply by the commitment date):</translation>
    </message>
    <message>
        <source>一次性告知需补齐或补正的材料：</source>
        <translation>Materials to supply or correct (one-time notice):</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>需补正</source>
        <translation>Needs correction</translation>
    </message>
    <message>
        <source>未收</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>%1%2（%3）</source>
        <translation>%1%2 (%3)</translation>
    </message>
    <message>
        <source>• %1：需补正（%2）</source>
        <translation>• %1: needs correction (%2)</translation>
    </message>
    <message>
        <source>• %1（%2%3份）：未收</source>
        <translation>• %1 (%2, %3 copies): missing</translation>
    </message>
    <message>
        <source>，不可容缺</source>
        <translation>, no pending materials allowed</translation>
    </message>
    <message>
        <source>此决定现在不可用</source>
        <translation>This decision is not available now</translation>
    </message>
    <message>
        <source>承诺办结日期：选择事项后显示</source>
        <translation>Promised by: shown once an item is chosen</translation>
    </message>
    <message>
        <source>即办件，当场办结（%1）</source>
        <translation>Same-day item, completed on the spot (%1)</translation>
    </message>
    <message>
        <source>%1（%2日，自然日）</source>
        <translation>%1 (%2 calendar days)</translation>
    </message>
    <message>
        <source>%1（%2个工作日）</source>
        <translation>%1 (%2 working days)</translation>
    </message>
    <message>
        <source>承诺办结日期：</source>
        <translation>Promised by: </translation>
    </message>
    <message>
        <source>注意：%1年调休未发布，日期只按周末推算，以实际放假为准</source>
        <translation>Note: the %1 holidays are not published; the date counts weekends only, the official schedule prevails</translation>
    </message>
    <message>
        <source>请告知申请人以实际放假安排为准，并请管理员补录工作日覆盖表</source>
        <translation>Tell the applicant the official holiday schedule prevails, and ask the admin to add the year to the working-day override table</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation>Accept, pending</translation>
    </message>
    <message>
        <source>一次性告知(补正)</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>当场办结</source>
        <translation>Complete now</translation>
    </message>
    <message>
        <source>选择决定后显示</source>
        <translation>Shown once a decision is chosen</translation>
    </message>
    <message>
        <source>一件事承诺办结：%1（联办时限至%2）</source>
        <translation>Bundle promised by: %1 (joint time limit until %2)</translation>
    </message>
    <message>
        <source>申请人已签署承诺书(&amp;S)</source>
        <translation>Applicant &amp;signed the commitment letter</translation>
    </message>
    <message>
        <source>补齐材料期限(&amp;D)</source>
        <translation>Supply materials &amp;due by</translation>
    </message>
    <message>
        <source>不予受理理由(&amp;R)*</source>
        <translation>&amp;Reason for refusal*</translation>
    </message>
    <message>
        <source>必填，将写入不予受理通知书</source>
        <translation>Required: printed on the refusal notice</translation>
    </message>
    <message>
        <source>有权受理机关(&amp;G)</source>
        <translation>Competent authorit&amp;y</translation>
    </message>
    <message>
        <source>不属于本机关职权时，告知有权受理的机关</source>
        <translation>When the matter is outside this authority&apos;s powers, name the one that is competent</translation>
    </message>
    <message>
        <source>不予受理通知书将告知申请人依法申请行政复议或者提起行政诉讼的权利。</source>
        <translation>The refusal notice tells the applicant of the right to apply for administrative reconsideration or bring an administrative lawsuit.</translation>
    </message>
    <message>
        <source>结果送达</source>
        <translation>Result delivery</translation>
    </message>
    <message>
        <source>邮寄地址（收件人、电话、详细地址）</source>
        <translation>Postal address (recipient, phone, full address)</translation>
    </message>
    <message>
        <source>确认 (Ctrl+Enter)</source>
        <translation>Confirm (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>DefectReasonDialog</name>
    <message>
        <source>材料需补正</source>
        <translation>Material needs correction</translation>
    </message>
    <message>
        <source>“%1”需要补正的原因：</source>
        <translation>Why &apos;%1&apos; needs correction:</translation>
    </message>
    <message>
        <source>选择或输入原因</source>
        <translation>Choose or type the reason</translation>
    </message>
</context>
<context>
    <name>DeliveriesPreviewDialog</name>
    <message>
        <source>打印预览：%1（%2 件）</source>
        <translation>Print preview: %1 (%2 cases)</translation>
    </message>
</context>
<context>
    <name>DeliveryPage</name>
    <message>
        <source>案件编号(&amp;N)</source>
        <translation>Case &amp;number</translation>
    </message>
    <message>
        <source>扫描通知书上的条形码，或输入案件编号后按回车</source>
        <translation>Scan the barcode on the notice, or type the case number and press Enter</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>案件编号：</source>
        <translation>Case number:</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>申请人：</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <source>证件：</source>
        <translation>ID document:</translation>
    </message>
    <message>
        <source>登记的代理人：</source>
        <translation>Registered agent: </translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>事项：</source>
        <translation>Service item:</translation>
    </message>
    <message>
        <source>办理结果：</source>
        <translation>Result: </translation>
    </message>
    <message>
        <source>承诺办结：</source>
        <translation>Promised by:</translation>
    </message>
    <message>
        <source>送达方式：</source>
        <translation>Delivery: </translation>
    </message>
    <message>
        <source>补打送达文书</source>
        <translation>Reprint delivery documents</translation>
    </message>
    <message>
        <source>查看案件详情</source>
        <translation>Case details</translation>
    </message>
    <message>
        <source>领取人</source>
        <translation>Collected by</translation>
    </message>
    <message>
        <source>申请人本人</source>
        <translation>The applicant</translation>
    </message>
    <message>
        <source>登记的代理人</source>
        <translation>The registered agent</translation>
    </message>
    <message>
        <source>新委托代理人</source>
        <translation>A newly authorised agent</translation>
    </message>
    <message>
        <source>证件类型</source>
        <translation>ID type</translation>
    </message>
    <message>
        <source>签发国家/地区</source>
        <translation>Issuing country</translation>
    </message>
    <message>
        <source>按领取人出示的护照选择，须与受理时登记的国籍一致</source>
        <translation>Choose from the passport presented; it must be the nationality recorded at acceptance</translation>
    </message>
    <message>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>读卡或输入领取人出示的证件号码</source>
        <translation>Read the card or type the collector&apos;s ID number</translation>
    </message>
    <message>
        <source>代理人姓名</source>
        <translation>Agent&apos;s name</translation>
    </message>
    <message>
        <source>委托情况</source>
        <translation>Authorisation</translation>
    </message>
    <message>
        <source>如：委托书2026年11月30日签署，委托代为领取</source>
        <translation>e.g. power of attorney signed 30 Nov 2026, to collect the result</translation>
    </message>
    <message>
        <source>免费邮寄</source>
        <translation>Free mail delivery</translation>
    </message>
    <message>
        <source>收件电话</source>
        <translation>Recipient&apos;s phone</translation>
    </message>
    <message>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <source>快递公司</source>
        <translation>Courier</translation>
    </message>
    <message>
        <source>运单号</source>
        <translation>Waybill number</translation>
    </message>
    <message>
        <source>扫描或输入快递运单号</source>
        <translation>Scan or type the courier&apos;s waybill number</translation>
    </message>
    <message>
        <source>打印邮寄单</source>
        <translation>Print mailing label</translation>
    </message>
    <message>
        <source>登记寄出</source>
        <translation>Record as sent</translation>
    </message>
    <message>
        <source>申请人补交容缺材料：登记补齐并打印材料接收凭证</source>
        <translation>The applicant brings pending materials: record them and print the receipt</translation>
    </message>
    <message>
        <source>请扫描或输入案件编号</source>
        <translation>Scan or type the case number</translation>
    </message>
    <message>
        <source>本机没有一件事 %1；如在其他窗口受理，请等待同步后再试</source>
        <translation>No bundle %1 on this PC; if it was received at another window, wait for the sync and try again</translation>
    </message>
    <message>
        <source>本机没有案件 %1；如案件在其他窗口受理，请等待同步后再试</source>
        <translation>No case %1 on this PC; if it was received at another window, wait for the sync and try again</translation>
    </message>
    <message>
        <source>「%1」不是案件编号（格式如 HS01-05-20261123-0007）</source>
        <translation>&apos;%1&apos; is not a case number (format like HS01-05-20261123-0007)</translation>
    </message>
    <message>
        <source>。申请人补交材料请点「登记补齐」</source>
        <translation>. To record the materials the applicant brings, press &apos;Record supplied&apos;</translation>
    </message>
    <message numerus="yes">
        <source>核验身份并发放勾选的 %n 项（打印送达回证）</source>
        <translation>
            <numerusform>Check the ID and hand out the %n ticked item (print the receipt)</numerusform>
            <numerusform>Check the ID and hand out the %n ticked items (print the receipts)</numerusform>
        </translation>
    </message>
    <message>
        <source>核验身份并发放（打印送达回证）</source>
        <translation>Check ID and hand out (print the delivery receipt)</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>免费邮寄：%1</source>
        <translation>Free mail: %1</translation>
    </message>
    <message>
        <source>窗口领取</source>
        <translation>Collect at the window</translation>
    </message>
    <message>
        <source>请先扫描或输入案件编号</source>
        <translation>Scan or type a case number first</translation>
    </message>
    <message>
        <source>案件 %1 已不在本机</source>
        <translation>Case %1 is no longer on this PC</translation>
    </message>
    <message>
        <source>案件 %1 未保存：%2</source>
        <translation>Case %1 not saved: %2</translation>
    </message>
    <message>
        <source>（已保存：%1）</source>
        <translation> (saved: %1)</translation>
    </message>
    <message>
        <source>已发放：案件 %1 由 %2（%3）领取，请打印送达回证并请领取人签字</source>
        <translation>Handed out: case %1 collected by %2 (%3). Print the delivery receipt and have the collector sign it</translation>
    </message>
    <message>
        <source>核对护照签发国家/地区</source>
        <translation>Check the passport's issuing country</translation>
    </message>
    <message>
        <source>已核对护照与受理时留存的复印件一致，确认发放？</source>
        <translation>The passport matches the copy kept at acceptance. Hand the result out?</translation>
    </message>
    <message>
        <source>已登记寄出：案件 %1，%2 运单号 %3</source>
        <translation>Recorded as sent: case %1, %2 waybill %3</translation>
    </message>
    <message>
        <source>补齐未登记：%1</source>
        <translation>Supply not recorded: %1</translation>
    </message>
    <message>
        <source>已登记补齐：%1</source>
        <translation>Supply recorded: %1</translation>
    </message>
    <message>
        <source>容缺材料已全部补齐</source>
        <translation>All pending materials supplied</translation>
    </message>
    <message>
        <source>一件事：本次申请的全部事项</source>
        <translation>Bundle: every item of this application</translation>
    </message>
    <message>
        <source>登记补齐…</source>
        <translation>Record supplied…</translation>
    </message>
    <message>
        <source>申请人补交所选事项的容缺材料：登记补齐并打印材料接收凭证</source>
        <translation>The applicant brings the missing materials of the chosen item: record them and print the receipt</translation>
    </message>
    <message>
        <source>打印终止办理通知书</source>
        <translation>Print the termination notice</translation>
    </message>
    <message>
        <source>查看所选案件详情</source>
        <translation>Details of the chosen case</translation>
    </message>
    <message>
        <source>请填写收件人</source>
        <translation>Enter the recipient</translation>
    </message>
    <message>
        <source>请填写邮寄地址</source>
        <translation>Enter the postal address</translation>
    </message>
    <message>
        <source>请填写收件电话（快递员联系收件人用）</source>
        <translation>Enter the recipient&apos;s phone (for the courier)</translation>
    </message>
    <message>
        <source>请扫描或输入运单号</source>
        <translation>Scan or type the waybill number</translation>
    </message>
    <message>
        <source>运单号只能包含字母和数字</source>
        <translation>A waybill number has only letters and digits</translation>
    </message>
    <message>
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>%1。申请人补交材料请点「登记补齐」；全部补齐后方可出件</source>
        <translation>%1. To record materials the applicant brings, press &apos;Record supplied&apos;; hand-out only once all are supplied</translation>
    </message>
    <message>
        <source>部门不予许可：在「详情」中打印不予许可决定书，核验领取人证件后发放</source>
        <translation>Department did not approve: print the decision not to approve in &apos;Details&apos;, check the collector&apos;s ID, then hand out</translation>
    </message>
    <message>
        <source>请核验领取人证件后发放；或切换到「免费邮寄」登记寄出</source>
        <translation>Check the collector&apos;s ID, then hand out; or switch to &apos;Free mail delivery&apos; to record the dispatch</translation>
    </message>
    <message>
        <source>一件事的 %1 项结果均可领取：核验领取人证件后一并发放（或免费邮寄）</source>
        <translation>All %1 results of the bundle are ready: check the collector&apos;s ID and hand them out together (or mail them free)</translation>
    </message>
    <message>
        <source>%1：可先发放已勾选的 %2 项，其余事项办结后再来领取（或办结后邮寄）</source>
        <translation>%1: the %2 ticked items can go out now, the others once they are finished (or by mail then)</translation>
    </message>
    <message>
        <source>（可点「登记补齐」）。</source>
        <translation> (press &apos;Record supplied&apos;). </translation>
    </message>
    <message>
        <source>；其余 %1 项办结后再来领取</source>
        <translation>; the remaining %1 item(s) can be collected once finished</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>导出诊断包</source>
        <translation>Export diagnostics</translation>
    </message>
    <message>
        <source>诊断包 (*.zip)</source>
        <translation>Diagnostics (*.zip)</translation>
    </message>
    <message>
        <source>诊断包已保存：%1
其中没有申请人信息，可以交给信息科。</source>
        <translation>Diagnostics saved: %1
They hold no applicant data and can go to the IT office.</translation>
    </message>
    <message>
        <source>诊断包无法保存：%1</source>
        <translation>Diagnostics could not be saved: %1</translation>
    </message>
    <message>
        <source>日志文件位置</source>
        <translation>Log file location</translation>
    </message>
    <message>
        <source>本次运行只输出日志到控制台。</source>
        <translation>This run logs to the console only.</translation>
    </message>
    <message>
        <source>日志文件在：%1
（单个文件不超过 2 MB，保留最近 5 个）</source>
        <translation>The log file is at: %1
(each file up to 2 MB, the last 5 kept)</translation>
    </message>
</context>
<context>
    <name>DiscardWorkDialog</name>
    <message>
        <source>开始新的申请</source>
        <translation>Start a new application</translation>
    </message>
    <message>
        <source>当前申请尚未确认，清空后已录入的内容将丢失。确定开始新的申请吗？</source>
        <translation>The current application is not confirmed: clearing it loses what was entered. Start a new application?</translation>
    </message>
</context>
<context>
    <name>DocumentInput</name>
    <message>
        <source>请输入证件号码</source>
        <translation>Enter the ID number</translation>
    </message>
    <message>
        <source>证件号码未核验</source>
        <translation>ID number not checked</translation>
    </message>
    <message>
        <source>已按号码识别为%1</source>
        <translation>Recognised from the number as %1</translation>
    </message>
</context>
<context>
    <name>EvaluatorWindow</name>
    <message>
        <source>非常满意</source>
        <translation>Excellent</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fair</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Poor</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very poor</translation>
    </message>
    <message>
        <source>等候时间过长</source>
        <translation>Waited too long</translation>
    </message>
    <message>
        <source>服务态度不好</source>
        <translation>Unfriendly service</translation>
    </message>
    <message>
        <source>办事效率低</source>
        <translation>Slow service</translation>
    </message>
    <message>
        <source>材料要求不清楚</source>
        <translation>Unclear material requirements</translation>
    </message>
    <message>
        <source>需要多次跑腿</source>
        <translation>Had to come back several times</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>%1 · %2号窗口 · 服务评价</source>
        <translation>%1 · Window %2 · Rating</translation>
    </message>
    <message>
        <source>%1 · %2号窗口</source>
        <translation>%1 · Window %2</translation>
    </message>
    <message>
        <source>您好，欢迎办理业务</source>
        <translation>Hello, welcome</translation>
    </message>
    <message>
        <source>业务办结后，请您对本次服务进行评价</source>
        <translation>When your matter is done, please rate our service</translation>
    </message>
    <message>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <source>很抱歉让您不满意，请选择原因</source>
        <translation>We are sorry you were not satisfied. Please choose why</translation>
    </message>
    <message>
        <source>补充说明（可不填）</source>
        <translation>Anything to add (optional)</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>号码 %1 · 已办结</source>
        <translation>Ticket %1 · done</translation>
    </message>
    <message>
        <source>我们会认真改进，工作人员将尽快与您联系</source>
        <translation>We will improve; a member of staff will contact you soon</translation>
    </message>
    <message>
        <source>祝您生活愉快</source>
        <translation>Have a nice day</translation>
    </message>
    <message>
        <source>本次服务已评价</source>
        <translation>Already rated</translation>
    </message>
    <message>
        <source>网络故障，评价未提交，请稍后再按一次</source>
        <translation>Network fault: rating not sent. Please press again in a moment</translation>
    </message>
    <message>
        <source>评价未提交，请稍后再试</source>
        <translation>Rating not sent, please try again later</translation>
    </message>
</context>
<context>
    <name>FinishAndCallConfirm</name>
    <message>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>当前号 %1 尚未办结。办结 %1 并呼叫下一位吗？
（选“否”则继续办理 %1，可按 F10 办结后再叫号。）</source>
        <translation>Ticket %1 is not finished yet. Finish %1 and call the next one?
(Choose No to go on with %1; press F10 to finish it, then call.)</translation>
    </message>
</context>
<context>
    <name>GapSupplyDialog</name>
    <message>
        <source>登记补齐容缺材料</source>
        <translation>Record supplied materials</translation>
    </message>
    <message>
        <source>案件 %1 待补齐以下材料（承诺期限 %2），请勾选申请人本次交来的材料：</source>
        <translation>Case %1 is waiting for these materials (due %2). Tick those the applicant brings now:</translation>
    </message>
    <message>
        <source>%1（%2，%3份）</source>
        <translation>%1 (%2, %3 copies)</translation>
    </message>
    <message>
        <source>说明（可空），如：原件已核验</source>
        <translation>Note (optional), e.g. original checked</translation>
    </message>
</context>
<context>
    <name>HallAlertsModel</name>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>严重</source>
        <translation>Serious</translation>
    </message>
    <message>
        <source>%1 人等候</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <source>暂停原因：%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <source>%1号窗口</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <source>%1 起，已 %2 分钟</source>
        <translation>since %1, %2 min</translation>
    </message>
    <message>
        <source>排队等候过长</source>
        <translation>Long wait</translation>
    </message>
    <message>
        <source>窗口暂停过久</source>
        <translation>Long pause</translation>
    </message>
    <message>
        <source>办件承诺期限</source>
        <translation>Promised date</translation>
    </message>
    <message>
        <source>容缺补齐期限</source>
        <translation>Missing-material commitment</translation>
    </message>
    <message>
        <source>差评回访逾期</source>
        <translation>Complaint follow-up late</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Due</translation>
    </message>
</context>
<context>
    <name>HallAlertsPanel</name>
    <message>
        <source>案件较多，只列出最紧急的部分。</source>
        <translation>Many cases: only the most urgent are listed.</translation>
    </message>
    <message>
        <source>目前没有需要处理的提醒。</source>
        <translation>Nothing needs attention now.</translation>
    </message>
    <message>
        <source>未注明部门</source>
        <translation>No department</translation>
    </message>
    <message>
        <source>各部门办件期限：</source>
        <translation>Deadlines by department: </translation>
    </message>
    <message>
        <source>共 %1 条提醒，其中 %2 条已超期或严重（红色）。</source>
        <translation>%1 alerts, %2 of them overdue or serious (red).</translation>
    </message>
    <message>
        <source>超期 %1</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>即将到期 %1</source>
        <translation>%1 due soon</translation>
    </message>
    <message>
        <source>正在读取提醒…</source>
        <translation>Reading alerts…</translation>
    </message>
    <message>
        <source>新提醒时响铃</source>
        <translation>Ring on new alerts</translation>
    </message>
    <message>
        <source>提醒设置…</source>
        <translation>Alert settings…</translation>
    </message>
    <message>
        <source>单击“对象”、双击或按回车打开：窗口（在“大厅实况”中选中）、案件详情和办理记录、差评回访登记。</source>
        <translation>Click the subject, double-click or press Enter to open: the window (selected under Hall now), the case&apos;s details and trail, the complaint&apos;s follow-up.</translation>
    </message>
</context>
<context>
    <name>HallAppointmentsPanel</name>
    <message>
        <source>%1 没有预约。</source>
        <translation>No appointments on %1.</translation>
    </message>
    <message>
        <source>%1：预约 %2 人，已签到 %3（迟到 %4），爽约 %5，待签到 %6。</source>
        <translation>%1: %2 booked, %3 checked in (%4 late), %5 no-show, %6 expected.</translation>
    </message>
    <message>
        <source>正在读取今日预约…</source>
        <translation>Reading today&apos;s appointments…</translation>
    </message>
    <message>
        <source>迟到：超过预约开始时间15分钟后签到，按普通顺序叫号；爽约：时段结束仍未签到。</source>
        <translation>Late: checked in more than 15 minutes after the slot started (called in normal order). No-show: not checked in by the end of the slot.</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <source>%1 · 叫号显示屏</source>
        <translation>%1 · Call display</translation>
    </message>
    <message>
        <source>正在呼叫</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>已呼叫</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>重呼：</source>
        <translation>Calling again: </translation>
    </message>
    <message>
        <source>请 %1 号到%2办理</source>
        <translation>Number %1, please go to %2</translation>
    </message>
    <message>
        <source>请留意屏幕及语音叫号，过号请到咨询台。</source>
        <translation>Watch the screen and listen for your number; missed it? Ask at the help desk.</translation>
    </message>
    <message>
        <source>请留意屏幕叫号，过号请到咨询台。</source>
        <translation>Watch the screen for your number; missed it? Ask at the help desk.</translation>
    </message>
    <message>
        <source>语音播报不可用：%1。请留意屏幕上的叫号。</source>
        <translation>Voice announcements unavailable: %1. Please watch the screen.</translation>
    </message>
    <message>
        <source>与服务器的连接中断，正在重新连接…</source>
        <translation>Connection to the server lost, reconnecting…</translation>
    </message>
    <message>
        <source>暂时无法从服务器读取等候人数，正在重试…</source>
        <translation>Cannot read the waiting numbers from the server now, retrying…</translation>
    </message>
    <message>
        <source>%1 暂停服务</source>
        <translation>%1 closed for now</translation>
    </message>
</context>
<context>
    <name>HallPageView</name>
    <message>
        <source>请选择或填写原因</source>
        <translation>Choose or type the reason</translation>
    </message>
    <message>
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <source>正在发放…</source>
        <translation>Issuing…</translation>
    </message>
    <message>
        <source>重试发放（不会重复发号）</source>
        <translation>Retry (will not issue twice)</translation>
    </message>
    <message>
        <source>发放绿色通道号</source>
        <translation>Issue priority ticket</translation>
    </message>
    <message>
        <source>最长等候：%1分钟起黄色，%2分钟起红色</source>
        <translation>Longest wait: amber from %1 minutes, red from %2</translation>
    </message>
    <message>
        <source>今日帮办预审</source>
        <translation>Pre-checks today</translation>
    </message>
    <message>
        <source>%1：还没有</source>
        <translation>%1: none yet</translation>
    </message>
    <message>
        <source>%1：共 %2 件，材料齐全 %3（已受理成案 %4），待补材料 %5</source>
        <translation>%1: %2, %3 complete (%4 accepted), %5 incomplete</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>最常缺少：%1</source>
        <translation>Most often missing: %1</translation>
    </message>
    <message>
        <source>最常缺少：无（预审的材料都已带齐）</source>
        <translation>Most often missing: nothing (every pre-check was complete)</translation>
    </message>
    <message>
        <source>● 离线登录：大厅管理和绿色通道需要连接中心服务器，请联网后重新登录。</source>
        <translation>● Offline sign-in: the hall page and priority tickets need the central server. Sign in again once the network is back.</translation>
    </message>
    <message>
        <source>，下列数据截至 %1</source>
        <translation>; the figures below are from %1</translation>
    </message>
    <message>
        <source>● 无法连接中心服务器%1；正在自动重试…</source>
        <translation>● The central server cannot be reached%1. Retrying…</translation>
    </message>
    <message>
        <source>● 大厅数据实时更新</source>
        <translation>● Live hall data</translation>
    </message>
</context>
<context>
    <name>HallQueuesModel</name>
    <message>
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>最长等候</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <source>过号</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>已等候超过%1分钟</source>
        <translation>Waiting for more than %1 minutes</translation>
    </message>
</context>
<context>
    <name>HallWindowsModel</name>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>当前号码</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>服务队列</source>
        <translation>Queues served</translation>
    </message>
    <message>
        <source>暂停：%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <source>服务中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>未开</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>（未设置）</source>
        <translation>(none set)</translation>
    </message>
    <message>
        <source>按优先顺序呼叫：%1</source>
        <translation>Called in this order: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>案件编号 / 申请人 / 证件号 / 事项；可直接扫描回执上的条码</source>
        <translation>Case number / applicant / ID number / item; or scan the barcode on the notice</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>查询失败：%1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <source>本机没有案件 %1</source>
        <translation>No case %1 on this PC</translation>
    </message>
    <message>
        <source>案件 %1 已不在本机</source>
        <translation>Case %1 is no longer on this PC</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>只看本窗口</source>
        <translation>This window only</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>帮办预审</source>
        <translation>Help-desk pre-checks</translation>
    </message>
    <message>
        <source>查看详情</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 件</source>
        <translation>
            <numerusform>%n case</numerusform>
            <numerusform>%n cases</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ItemHitModel</name>
    <message>
        <source>【一件事】%1</source>
        <translation>[Bundle] %1</translation>
    </message>
    <message>
        <source>%1（%2处实施）</source>
        <translation>%1 (%2 places)</translation>
    </message>
    <message>
        <source>联办 %1 个事项</source>
        <translation>%1 items handled jointly</translation>
    </message>
    <message>
        <source>一件事</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <source>事项名称</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>实施部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>本窗口常办事项</source>
        <translation>Often handled at this window</translation>
    </message>
</context>
<context>
    <name>ItemSearchPanel</name>
    <message>
        <source>本窗口常办事项（★）；输入关键字搜索</source>
        <translation>Often handled at this window (★); type to search</translation>
    </message>
    <message>
        <source>没有找到“%1”，请换个关键字</source>
        <translation>Nothing found for &apos;%1&apos;; try another keyword</translation>
    </message>
    <message>
        <source>找到 %1 项</source>
        <translation>%1 found</translation>
    </message>
    <message>
        <source>“%1”中的事项 %2 已停止办理或不在本机目录，请逐项办理</source>
        <translation>In &apos;%1&apos; the items %2 are suspended or not in this PC&apos;s catalog: handle them one by one</translation>
    </message>
    <message>
        <source>事项“%1”已停止办理，不能受理</source>
        <translation>Service item &apos;%1&apos; is suspended and cannot be accepted</translation>
    </message>
    <message>
        <source>事项名称、编码、部门或拼音首字母（如 bdcdj）；↓ 选择，回车确定</source>
        <translation>Item name, code, department or pinyin initials (e.g. bdcdj); ↓ to choose, Enter to take</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>退格</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>%1 · 自助取号</source>
        <translation>%1 · Tickets</translation>
    </message>
    <message>
        <source>请选择您要办理的业务</source>
        <translation>Please choose your service</translation>
    </message>
    <message>
        <source>预约取号（输入预约码）</source>
        <translation>Appointment (enter your code)</translation>
    </message>
    <message>
        <source>请输入预约码</source>
        <translation>Enter your appointment code</translation>
    </message>
    <message>
        <source>预约短信中的数字码</source>
        <translation>The code in your appointment SMS</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>确认取号</source>
        <translation>Take ticket</translation>
    </message>
    <message>
        <source>您的号码</source>
        <translation>Your number</translation>
    </message>
    <message>
        <source>正在取号，请稍候…</source>
        <translation>Issuing your ticket, please wait…</translation>
    </message>
    <message>
        <source>（预约）</source>
        <translation> (appointment)</translation>
    </message>
    <message>
        <source>您前面还有 %1 人等候</source>
        <translation>%1 people waiting before you</translation>
    </message>
    <message>
        <source>您前面暂无人等候，请留意叫号</source>
        <translation>Nobody is waiting before you; watch for your number</translation>
    </message>
    <message>
        <source>正在打印凭条…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>暂时无法取号（网络故障），请稍后再试或到咨询台</source>
        <translation>Cannot issue tickets right now (network fault). Try again later or ask at the help desk</translation>
    </message>
    <message>
        <source>取号失败，请到咨询台</source>
        <translation>No ticket issued; please ask at the help desk</translation>
    </message>
    <message>
        <source>凭条打印失败，请记住您的号码或到咨询台补打（%1）</source>
        <translation>The slip could not be printed: remember your number or ask at the help desk for a copy (%1)</translation>
    </message>
    <message>
        <source>请取走凭条</source>
        <translation>Please take your slip</translation>
    </message>
    <message>
        <source>%1 秒后返回首页（轻触屏幕立即返回）</source>
        <translation>Back to the start in %1 seconds (touch the screen to go now)</translation>
    </message>
    <message>
        <source>暂时无法</source>
        <translation>Cannot issue tickets right now</translation>
    </message>
    <message>
        <source>等候 %1 人</source>
        <translation>%1 waiting</translation>
    </message>
</context>
<context>
    <name>LeaveWithDraftDialog</name>
    <message>
        <source>受理尚未完成</source>
        <translation>Acceptance not finished</translation>
    </message>
    <message>
        <source>当前受理尚未确认：
%1

%2后，已录入的内容保存为草稿，下次在本窗口登录时可以恢复。</source>
        <translation>This acceptance is not confirmed yet:
%1

%2 keeps what was entered as a draft; sign in at this window next time to restore it.</translation>
    </message>
    <message>
        <source>保存草稿并%1</source>
        <translation>Save draft, then %1</translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation>Go on with it</translation>
    </message>
</context>
<context>
    <name>LibraryBar</name>
    <message>
        <source>库中已有且在有效期内的材料全部标为已收·免提交（再按一次撤销）</source>
        <translation>Mark every valid material the library holds as received, nothing to hand in (press again to undo)</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>LibraryOffers</name>
    <message>
        <source>离线办理</source>
        <translation>working offline</translation>
    </message>
    <message>
        <source>网络不通</source>
        <translation>no network</translation>
    </message>
    <message>
        <source>查询出错</source>
        <translation>the lookup failed</translation>
    </message>
    <message>
        <source>共享库暂不可用：%1（使用本机缓存，更新于 %2）</source>
        <translation>Shared library unavailable: %1 (using this PC&apos;s cache, updated %2)</translation>
    </message>
    <message>
        <source>共享库暂不可用：%1</source>
        <translation>Shared library unavailable: %1</translation>
    </message>
    <message>
        <source>；未能核对：%1</source>
        <translation>; not checked: %1</translation>
    </message>
    <message>
        <source>库中已有 %1 项可免提交</source>
        <translation>%1 held in the library, not required</translation>
    </message>
    <message>
        <source>%1 项已过期需提交</source>
        <translation>%1 expired, must be brought</translation>
    </message>
    <message>
        <source>库中已无有效件，改为需提交：%1</source>
        <translation>no longer valid in the library, must be brought: %1</translation>
    </message>
    <message>
        <source>%1 全部调取/撤销</source>
        <translation>%1 take all / undo</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>当前用户：%1（%2）。请输入密码解锁；其他人员请先退出登录。</source>
        <translation>Signed in: %1 (%2). Enter the password to unlock; anybody else must sign out first.</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
    <message>
        <source>密码错误，请重新输入；其他人员请先退出登录</source>
        <translation>Wrong password, try again; anybody else must sign out first</translation>
    </message>
    <message>
        <source>无法核对密码：%1</source>
        <translation>Cannot check the password: %1</translation>
    </message>
</context>
<context>
    <name>LoginDemoPanel</name>
    <message>
        <source>演示账户（点击一行即填入，仅演示模式显示）</source>
        <translation>Demo accounts (click a row to fill in; demo mode only)</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 - 综合窗口受理系统</source>
        <translation>Sign in - Comprehensive Window Service</translation>
    </message>
    <message>
        <source>本机数据库无法打开：%1。请联系系统管理员</source>
        <translation>This PC&apos;s database cannot be opened: %1. Call the administrator</translation>
    </message>
    <message>
        <source>请输入用户名</source>
        <translation>Please enter the user name</translation>
    </message>
    <message>
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
    <message>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>登录出错：%1</source>
        <translation>Sign-in error: %1</translation>
    </message>
    <message>
        <source>事项目录下载失败，无法受理：%1。请稍后重新登录</source>
        <translation>Downloading the service catalog failed, cannot receive cases: %1. Sign in again later</translation>
    </message>
    <message>
        <source>登录成功，正在检查事项目录…</source>
        <translation>Signed in, checking the service catalog…</translation>
    </message>
    <message>
        <source>窗口人员</source>
        <translation>Counter clerk</translation>
    </message>
    <message>
        <source>帮办</source>
        <translation>Help desk</translation>
    </message>
    <message>
        <source>大厅管理</source>
        <translation>Hall supervisor</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>System administrator</translation>
    </message>
    <message>
        <source>部门审批</source>
        <translation>Department reviewer</translation>
    </message>
    <message>
        <source>服务器暂时无法连接，已使用本机缓存的账户离线登录</source>
        <translation>The server cannot be reached: signed in offline with the account cached on this PC</translation>
    </message>
    <message>
        <source>未配置中心服务器，已使用本机缓存的账户离线登录</source>
        <translation>No central server configured: signed in offline with the account cached on this PC</translation>
    </message>
    <message>
        <source>未配置中心服务器，且本机没有该账户的登录记录（或密码错误）</source>
        <translation>No central server configured, and this PC has no sign-in record of this account (or the password is wrong)</translation>
    </message>
    <message>
        <source>服务器暂时无法连接，本机也没有该账户的登录记录（或密码错误）。请检查网络，或使用曾在本机登录过的账户</source>
        <translation>The server cannot be reached and this PC has no sign-in record of this account (or the password is wrong). Check the network, or use an account that has signed in on this PC before</translation>
    </message>
    <message>
        <source>下载事项目录</source>
        <translation>Downloading the catalog</translation>
    </message>
    <message>
        <source>正在下载事项目录 %1（共 %2 项）…</source>
        <translation>Downloading catalog %1 (%2 items)…</translation>
    </message>
    <message>
        <source>综合窗口受理系统</source>
        <translation>Comprehensive Window Service</translation>
    </message>
    <message>
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>工号或用户名</source>
        <translation>Staff number or user name</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>窗口号(&amp;W)</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <source> 号窗口</source>
        <translation> (window)</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>意外错误</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>演示模式：本机内置中心服务器，数据在 %1</source>
        <translation>Demo mode: built-in central server, data in %1</translation>
    </message>
    <message>
        <source>演示模式：共用本机已在运行的演示服务器 %1</source>
        <translation>Demo mode: using the demo server already running on this PC %1</translation>
    </message>
    <message>
        <source>中心服务器：%1</source>
        <translation>Central server: %1</translation>
    </message>
    <message>
        <source>中心服务器：未设置（clerk-app setup）</source>
        <translation>Central server: not set (clerk-app setup)</translation>
    </message>
    <message>
        <source>控制台输出</source>
        <translation>console output</translation>
    </message>
    <message>
        <source>程序遇到一个意外错误，已记录到日志。已保存的业务数据不受影响；如果当前操作没有完成，请重试。
如问题反复出现，请通过“帮助 › 导出诊断包”把诊断包交给信息科。
日志：%1</source>
        <translation>The program hit an unexpected error; it is in the log. Saved work is not affected; if the current step did not finish, try again.
If it happens again, send the diagnostics (Help › Export diagnostics) to the IT office.
Log: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>帮办预审</source>
        <translation>Pre-check</translation>
    </message>
    <message>
        <source>帮办账号不能受理案件</source>
        <translation>Help-desk accounts cannot receive cases</translation>
    </message>
    <message>
        <source>管理员账号不能受理案件</source>
        <translation>Administrator accounts cannot receive cases</translation>
    </message>
    <message>
        <source>本账号不能受理案件</source>
        <translation>This account cannot receive cases</translation>
    </message>
    <message>
        <source>（受理、出件只限窗口人员和大厅主管）；可用：案件查询</source>
        <translation> (receiving and handing out are for counter staff and supervisors); available: Cases</translation>
    </message>
    <message>
        <source>、帮办预审、绿色通道</source>
        <translation>, Pre-check, Priority tickets</translation>
    </message>
    <message>
        <source>中心服务器拒绝上传（已停止自动重试，数据保留在本机）：%1</source>
        <translation>The central server refused the upload (no automatic retry; the data stays on this PC): %1</translation>
    </message>
    <message>
        <source>中心服务器拒绝上传</source>
        <translation>The central server refused the upload</translation>
    </message>
    <message>
        <source>%1 · %2 · %3（%4）</source>
        <translation>%1 · %2 · %3 (%4)</translation>
    </message>
    <message>
        <source>受理 (F1)</source>
        <translation>Receive (F1)</translation>
    </message>
    <message>
        <source>出件 (Ctrl+2)</source>
        <translation>Hand-out (Ctrl+2)</translation>
    </message>
    <message>
        <source>待领取 (Ctrl+3)</source>
        <translation>Ready for pickup (Ctrl+3)</translation>
    </message>
    <message>
        <source>案件查询 (F6)</source>
        <translation>Cases (F6)</translation>
    </message>
    <message>
        <source>未完成的受理已保存为草稿，解锁后继续办理</source>
        <translation>The unfinished acceptance was saved as a draft; go on after unlocking</translation>
    </message>
    <message>
        <source>已恢复未完成的受理</source>
        <translation>Unfinished acceptance restored</translation>
    </message>
    <message>
        <source>关闭窗口</source>
        <translation>Close the window</translation>
    </message>
    <message>
        <source>受理模块未能加载，请联系系统管理员。</source>
        <translation>The receiving page could not be loaded. Call the administrator.</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>叫号</source>
        <translation>Queue calling</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Receive</translation>
    </message>
    <message>
        <source>出件</source>
        <translation>Hand-out</translation>
    </message>
    <message>
        <source>待领取</source>
        <translation>Ready for pickup</translation>
    </message>
    <message>
        <source>案件查询</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <source>导出诊断包…</source>
        <translation>Export diagnostics…</translation>
    </message>
    <message>
        <source>日志、版本和同步状态打包成一个文件（不含申请人信息），交给信息科排查问题</source>
        <translation>Logs, versions and sync state in one file (no applicant data) for the IT office to look into a problem</translation>
    </message>
    <message>
        <source>日志文件位置</source>
        <translation>Log file location</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>业务(&amp;B)</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <source>账户(&amp;A)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>事项目录 %1（%2 项）</source>
        <translation>Catalog %1 (%2 items)</translation>
    </message>
    <message>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>● 离线登录：案件保存在本机</source>
        <translation>● Offline sign-in: cases are kept on this PC</translation>
    </message>
    <message>
        <source>● 服务器无法连接：案件保存在本机</source>
        <translation>● Server unreachable: cases are kept on this PC</translation>
    </message>
    <message>
        <source>同步未完成（案件已保存在本机）：%1</source>
        <translation>Sync incomplete (cases are saved on this PC): %1</translation>
    </message>
    <message>
        <source>已与中心同步</source>
        <translation>In sync with the central server</translation>
    </message>
    <message>
        <source>案件已保存在本机，网络恢复后自动上传</source>
        <translation>Cases are saved on this PC and upload when the network is back</translation>
    </message>
    <message>
        <source>大厅管理 (Ctrl+4)</source>
        <translation>Hall (Ctrl+4)</translation>
    </message>
    <message>
        <source>绿色通道 (Ctrl+4)</source>
        <translation>Priority tickets (Ctrl+4)</translation>
    </message>
    <message>
        <source>大厅管理</source>
        <translation>Hall</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Priority tickets</translation>
    </message>
    <message>
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>统计由中心服务器计算，离线时不可用</source>
        <translation>Statistics are computed by the central server: not available offline</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>自助取号</source>
        <translation>Ticket kiosk</translation>
    </message>
    <message>
        <source>叫号显示屏</source>
        <translation>Call display</translation>
    </message>
    <message>
        <source>服务评价</source>
        <translation>Rating screen</translation>
    </message>
</context>
<context>
    <name>NationalityField</name>
    <message>
        <source>输入国名或三位字母代码，如：美国、USA</source>
        <translation>Type a country name or its three-letter code, e.g. 美国, USA</translation>
    </message>
    <message>
        <source>请选择护照签发国（国籍）</source>
        <translation>Choose the passport&apos;s issuing country (nationality)</translation>
    </message>
    <message>
        <source>国籍不在列表中：请从列表选择</source>
        <translation>Not a nationality of the list: choose one from the list</translation>
    </message>
</context>
<context>
    <name>NoShowConfirm</name>
    <message>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>%1 号未到窗口，确定过号吗？过号后可稍后从过号池再次呼叫。</source>
        <translation>Ticket %1 has not come to the window. Mark it as a no-show? It can be called again later from the no-show pool.</translation>
    </message>
</context>
<context>
    <name>PageSource</name>
    <message>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <source>高拍仪（演示）</source>
        <translation>Document camera (demo)</translation>
    </message>
    <message>
        <source>扫描仪文件夹</source>
        <translation>Scanner folder</translation>
    </message>
    <message>
        <source>高拍仪没有给出图像</source>
        <translation>The document camera gave no image</translation>
    </message>
    <message>
        <source>无法把图像编码为JPEG：%1</source>
        <translation>Could not encode the image as JPEG: %1</translation>
    </message>
    <message>
        <source>演示材料 第 %1 页</source>
        <translation>Demo material, page %1</translation>
    </message>
    <message>
        <source>扫描仪文件夹不存在：%1（请在本机设置中改正，或检查网络共享）</source>
        <translation>The scanner folder does not exist: %1 (correct it in this PC&apos;s setup, or check the network share)</translation>
    </message>
    <message>
        <source>扫描仪文件夹无法读写：%1（本程序要把取走的文件移到其中的子文件夹）</source>
        <translation>The scanner folder cannot be read or written: %1 (taken files are moved into its subfolders)</translation>
    </message>
    <message>
        <source>扫描目录无响应：%1（正在重试）</source>
        <translation>The scan folder does not answer: %1 (retrying)</translation>
    </message>
    <message>
        <source>扫描目录不可用：%1（%2；正在重试）</source>
        <translation>The scan folder is unavailable: %1 (%2; retrying)</translation>
    </message>
    <message>
        <source>无法读取扫描仪文件夹 %1：%2</source>
        <translation>Cannot read the scanner folder %1: %2</translation>
    </message>
    <message>
        <source>已移到 %1</source>
        <translation>moved to %1</translation>
    </message>
    <message>
        <source>%1 未采用：%2。%3</source>
        <translation>%1 not taken: %2. %3</translation>
    </message>
    <message>
        <source>%1 已采集，但无法移出扫描仪文件夹（请手工移走）</source>
        <translation>%1 was taken but could not be moved out of the scanner folder (move it by hand)</translation>
    </message>
    <message>
        <source>默认摄像头</source>
        <translation>default camera</translation>
    </message>
    <message>
        <source>未找到高拍仪（%1）：请检查连接线和驱动，或在本机设置中另选设备</source>
        <translation>Document camera not found (%1): check the cable and the driver, or choose another device in this PC&apos;s setup</translation>
    </message>
    <message>
        <source>高拍仪未启动</source>
        <translation>The document camera is not started</translation>
    </message>
    <message>
        <source>高拍仪尚未就绪，请稍候再拍</source>
        <translation>The document camera is not ready yet; try again in a moment</translation>
    </message>
    <message>
        <source>高拍仪拍摄失败：%1</source>
        <translation>The document camera could not take the picture: %1</translation>
    </message>
    <message>
        <source>高拍仪出错：%1</source>
        <translation>Document camera error: %1</translation>
    </message>
</context>
<context>
    <name>PageStripModel</name>
    <message>
        <source>第%1页</source>
        <translation>Page %1</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <source>临时离开</source>
        <translation>Away for a moment</translation>
    </message>
    <message>
        <source>午间休息</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <source>业务培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>设备故障</source>
        <translation>Equipment fault</translation>
    </message>
    <message>
        <source>协助其他窗口</source>
        <translation>Helping another window</translation>
    </message>
    <message>
        <source>暂停服务：%1</source>
        <translation>Pause service: %1</translation>
    </message>
    <message>
        <source>暂停服务</source>
        <translation>Pause service</translation>
    </message>
    <message>
        <source>请选择或填写暂停原因：</source>
        <translation>Choose or type the reason for the pause:</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>正在生成文书…</source>
        <translation>Rendering the document…</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>文书生成失败：%1</source>
        <translation>Rendering failed: %1</translation>
    </message>
    <message>
        <source>第 %1 / %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>已打印到文件 %1</source>
        <translation>Printed to file %1</translation>
    </message>
    <message>
        <source>已送打印机：%1</source>
        <translation>Sent to printer %1</translation>
    </message>
    <message>
        <source>已保存到 %1</source>
        <translation>Saved to %1</translation>
    </message>
    <message>
        <source>打印失败，未记录：%1</source>
        <translation>Printing failed, nothing recorded: %1</translation>
    </message>
    <message>
        <source>共 %1 页，请核对后打印</source>
        <translation>%1 page(s): check before printing</translation>
    </message>
</context>
<context>
    <name>PrecheckAtWindow</name>
    <message>
        <source>打开帮办预审</source>
        <translation>Open help-desk pre-check</translation>
    </message>
    <message>
        <source>扫描预审二维码或输入预审编号：</source>
        <translation>Scan the pre-check QR or type the pre-check number:</translation>
    </message>
    <message>
        <source>预审中的事项已不可办理</source>
        <translation>The pre-check&apos;s items can no longer be handled</translation>
    </message>
    <message>
        <source>已按帮办预审 %1（%2）填好，请核对原件后确认</source>
        <translation>Filled in from help-desk pre-check %1 (%2): check the originals, then confirm</translation>
    </message>
    <message>
        <source>窗口%1（%2）</source>
        <translation>Window: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>PrecheckChecklist</name>
    <message>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>核对结果</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>PrecheckChecklistView</name>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>“%1”的说明：</source>
        <translation>Note on &apos;%1&apos;:</translation>
    </message>
</context>
<context>
    <name>PrecheckDetailDialog</name>
    <message>
        <source>帮办预审：%1</source>
        <translation>Help-desk pre-check: %1</translation>
    </message>
    <message>
        <source>预审编号</source>
        <translation>Pre-check number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>预审人员</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>预审时间</source>
        <translation>Checked at</translation>
    </message>
    <message>
        <source>有效至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <source>排队号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <source>帮办代办</source>
        <translation>Help desk as agent</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>材料核验</source>
        <translation>Materials checked</translation>
    </message>
    <message>
        <source>按此预审受理</source>
        <translation>Accept from this pre-check</translation>
    </message>
    <message>
        <source>预审%1，不能再用来受理</source>
        <translation>Pre-check %1: it can no longer be used to accept</translation>
    </message>
</context>
<context>
    <name>PrecheckPage</name>
    <message>
        <source>请先在左侧查找事项（F3）</source>
        <translation>Find the item on the left first (F3)</translation>
    </message>
    <message>
        <source>（不区分情形）</source>
        <translation>(any scenario)</translation>
    </message>
    <message>
        <source>请先查找并选择事项（F3）</source>
        <translation>Find and choose the item first (F3)</translation>
    </message>
    <message>
        <source>已打开预审 %1，只需核对未带齐的材料</source>
        <translation>Pre-check %1 opened: only the missing materials need checking</translation>
    </message>
    <message>
        <source>预审 %1 已保存，%2 前凭清单二维码再来可续办</source>
        <translation>Pre-check %1 saved; come back with the list&apos;s QR code before %2 to go on</translation>
    </message>
    <message>
        <source>还有必要材料未带齐，请打印准备资料清单</source>
        <translation>Required materials are still missing: print the preparation list</translation>
    </message>
    <message>
        <source>绿色通道须勾选帮办代办并写明授权方式</source>
        <translation>The green channel needs &apos;acting as agent&apos; ticked and how it was authorised</translation>
    </message>
    <message>
        <source>请写明授权方式</source>
        <translation>Say how it was authorised</translation>
    </message>
    <message>
        <source>帮办代办：%1</source>
        <translation>Help desk as agent: %1</translation>
    </message>
    <message>
        <source>已取号 %1（预审 %2），请群众留意叫号到窗口办理</source>
        <translation>Ticket %1 taken (pre-check %2): the citizen waits to be called to the window</translation>
    </message>
    <message>
        <source>未能取号：%1。预审已保存在本机，请群众到取号机取号并在窗口出示预审码</source>
        <translation>No ticket issued: %1. The pre-check is saved on this PC: the citizen takes a ticket at the kiosk and shows the pre-check code at the window</translation>
    </message>
    <message>
        <source>预审 %1（%2）</source>
        <translation>Pre-check %1 (%2)</translation>
    </message>
    <message>
        <source>还缺 %1 项必要材料：%2</source>
        <translation>%1 required materials still missing: %2</translation>
    </message>
    <message>
        <source>新预审</source>
        <translation>New pre-check</translation>
    </message>
    <message>
        <source>必要材料已带齐，可取号到窗口办理</source>
        <translation>Required materials complete: take a ticket for the window</translation>
    </message>
    <message>
        <source>扫码或输入预审编号续办（Ctrl+O）</source>
        <translation>Scan QR or type pre-check no. (Ctrl+O)</translation>
    </message>
    <message>
        <source>情形（F4）：</source>
        <translation>Scenario (F4):</translation>
    </message>
    <message>
        <source>空格 已带齐&#x3000;D 有缺陷&#x3000;E 已过期&#x3000;W 份数或形式不符&#x3000;回车 说明&#x3000;Ctrl+A 全部带齐</source>
        <translation>Space brought&#x3000;D defective&#x3000;E expired&#x3000;W wrong copies or form&#x3000;Enter note&#x3000;Ctrl+A all brought</translation>
    </message>
    <message>
        <source>证件（F2）：</source>
        <translation>ID (F2):</translation>
    </message>
    <message>
        <source>可不填：只咨询的群众无需登记证件</source>
        <translation>Optional: no ID needed for someone only asking</translation>
    </message>
    <message>
        <source>帮办代办（老年人、残疾人等，经本人授权）</source>
        <translation>Act as agent (elderly, disabled; with their authorisation)</translation>
    </message>
    <message>
        <source>授权方式，如：本人口头授权，子女电话确认</source>
        <translation>How authorised, e.g. verbally in person, confirmed by a child by phone</translation>
    </message>
    <message>
        <source>帮办说明：</source>
        <translation>Help-desk note:</translation>
    </message>
    <message>
        <source>新预审
Ctrl+N</source>
        <translation>New pre-check
Ctrl+N</translation>
    </message>
    <message>
        <source>打印准备资料清单
Ctrl+P</source>
        <translation>Print preparation list
Ctrl+P</translation>
    </message>
    <message>
        <source>绿色通道取号
Ctrl+G</source>
        <translation>Green-channel ticket
Ctrl+G</translation>
    </message>
    <message>
        <source>材料齐全，取号
Ctrl+Enter</source>
        <translation>Complete: take ticket
Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>PrecheckResults</name>
    <message>
        <source>帮办预审（%1 件）</source>
        <translation>Help-desk pre-checks (%1)</translation>
    </message>
</context>
<context>
    <name>PrecheckRowModel</name>
    <message>
        <source>预审 · %1</source>
        <translation>Pre-check · %1</translation>
    </message>
    <message>
        <source>预审编号</source>
        <translation>Pre-check number</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <source>预审人员</source>
        <translation>Checked by</translation>
    </message>
    <message>
        <source>预审时间</source>
        <translation>Checked at</translation>
    </message>
    <message>
        <source>排队号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>核验结果</source>
        <translation>Check result</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>PreparationListPreview</name>
    <message>
        <source>准备资料清单 %1</source>
        <translation>Preparation list %1</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>通知书尚未打印</source>
        <translation>Notice not printed yet</translation>
    </message>
    <message>
        <source>该通知书尚未打印，必须交给申请人：%1。
仍要关闭吗？关闭后案件将标记为“通知书未打印”，请在案件查询中补打。</source>
        <translation>This notice has not been printed and must be handed to the applicant: %1.
Close anyway? The case will be marked &apos;notice not printed&apos;; reprint it from Case search.</translation>
    </message>
    <message>
        <source>返回打印</source>
        <translation>Back to printing</translation>
    </message>
    <message>
        <source>仍然关闭</source>
        <translation>Close anyway</translation>
    </message>
    <message>
        <source>打印预览：%1 %2</source>
        <translation>Print preview: %1 %2</translation>
    </message>
    <message>
        <source>（补打）</source>
        <translation> (reprint)</translation>
    </message>
    <message>
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>打印机无法开始打印，请检查打印机是否就绪</source>
        <translation>The printer cannot start printing: check that it is ready</translation>
    </message>
    <message>
        <source>打印机无法换页</source>
        <translation>The printer cannot start a new page</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>调整服务队列：%1</source>
        <translation>Queues served: %1</translation>
    </message>
    <message>
        <source>勾选本窗口服务的队列；排在前面的优先呼叫（绿色通道号始终最先）。</source>
        <translation>Tick the queues this window serves; the ones higher up are called first (priority tickets always come first).</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>调整服务队列</source>
        <translation>Queues served</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>上移 (Alt+↑)</source>
        <translation>Move up (Alt+↑)</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>下移 (Alt+↓)</source>
        <translation>Move down (Alt+↓)</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请至少选择一个服务队列</source>
        <translation>Choose at least one queue</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>叫号服务已恢复</source>
        <translation>Queue calling is back</translation>
    </message>
    <message>
        <source>当前没有等候的群众</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <source>（无号）</source>
        <translation>(no ticket)</translation>
    </message>
    <message>
        <source>当前号 %1 尚未办结：恢复连接后先办结（F10），再叫号</source>
        <translation>Ticket %1 is not finished: once reconnected, finish it (F10), then call</translation>
    </message>
    <message>
        <source>当前号 %1 尚未办结，办结（F10）后再叫号</source>
        <translation>Ticket %1 is not finished: finish it (F10), then call</translation>
    </message>
    <message>
        <source>叫号服务器无法连接，不能叫号；可按“直接办理”（Ctrl+F7）接待群众</source>
        <translation>The queue server cannot be reached, no calling; press Walk-in (Ctrl+F7) to serve the citizen</translation>
    </message>
    <message>
        <source>本窗口已暂停服务，请先恢复服务（F12）再叫号</source>
        <translation>This window is paused: resume (F12) before calling</translation>
    </message>
    <message>
        <source>已呼叫 %1</source>
        <translation>Called %1</translation>
    </message>
    <message>
        <source>已重呼 %1</source>
        <translation>Called %1 again</translation>
    </message>
    <message>
        <source>%1 三次未到，已作废</source>
        <translation>%1 did not come three times: ticket void</translation>
    </message>
    <message>
        <source>%1 已过号，可稍后从过号池再次呼叫</source>
        <translation>%1 marked no-show; it can be called again later from the no-show pool</translation>
    </message>
    <message>
        <source>%1 已转移</source>
        <translation>%1 transferred</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>%1 已办结</source>
        <translation>%1 finished</translation>
    </message>
    <message>
        <source>已暂停服务</source>
        <translation>Service paused</translation>
    </message>
    <message>
        <source>已恢复服务</source>
        <translation>Service resumed</translation>
    </message>
    <message>
        <source>离线直接办理：本次不记录叫号</source>
        <translation>Offline walk-in: no ticket recorded this time</translation>
    </message>
    <message>
        <source>直接办理：%1</source>
        <translation>Walk-in: %1</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>预约</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>直接办理</source>
        <translation>Walk-in</translation>
    </message>
    <message>
        <source>操作未完成：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>当前号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>叫号
[F7]</source>
        <translation>Call
[F7]</translation>
    </message>
    <message>
        <source>重呼
[F8]</source>
        <translation>Recall
[F8]</translation>
    </message>
    <message>
        <source>过号
[Shift+F8]</source>
        <translation>No-show
[Shift+F8]</translation>
    </message>
    <message>
        <source>转移
[Shift+F7]</source>
        <translation>Transfer
[Shift+F7]</translation>
    </message>
    <message>
        <source>办结
[F10]</source>
        <translation>Finish
[F10]</translation>
    </message>
    <message>
        <source>暂停
[F12]</source>
        <translation>Pause
[F12]</translation>
    </message>
    <message>
        <source>直接办理
[Ctrl+F7]</source>
        <translation>Walk-in
[Ctrl+F7]</translation>
    </message>
    <message>
        <source>过号待呼：</source>
        <translation>No-shows:</translation>
    </message>
    <message>
        <source>呼叫过号</source>
        <translation>Call</translation>
    </message>
</context>
<context>
    <name>QueuePanelView</name>
    <message>
        <source>本次已办案件：%1</source>
        <translation>Cases this ticket: %1</translation>
    </message>
    <message>
        <source>本窗口已暂停服务：%1</source>
        <translation>This window is paused: %1</translation>
    </message>
    <message>
        <source>恢复服务</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>● 离线登录：无法叫号。</source>
        <translation>● Offline sign-in: no queue calling.</translation>
    </message>
    <message>
        <source>● 叫号服务器无法连接：暂停叫号。</source>
        <translation>● Queue server unreachable: calling paused.</translation>
    </message>
    <message>
        <source>恢复连接后自动继续。</source>
        <translation>It goes on by itself once reconnected.</translation>
    </message>
    <message>
        <source>● 叫号服务在线</source>
        <translation>● Queue calling online</translation>
    </message>
    <message>
        <source>可按“直接办理”（Ctrl+F7）接待群众，案件保存在本机。</source>
        <translation>Press Walk-in (Ctrl+F7) to serve the citizen; cases are saved on this PC.</translation>
    </message>
    <message>
        <source>正在直接办理，案件保存在本机；办结（F10）后可再接待下一位。</source>
        <translation>Walk-in in progress, cases are saved on this PC; finish (F10) before the next one.</translation>
    </message>
    <message>
        <source>当前号 %1 可继续受理，案件保存在本机；恢复连接后再办结和叫号。</source>
        <translation>Ticket %1 can go on, cases are saved on this PC; finish and call once reconnected.</translation>
    </message>
    <message>
        <source>本窗口已暂停服务，恢复连接后可恢复服务。</source>
        <translation>This window is paused; service can resume once reconnected.</translation>
    </message>
    <message>
        <source>暂无正在办理的号</source>
        <translation>No ticket being served</translation>
    </message>
    <message>
        <source>（无号）</source>
        <translation>(no ticket)</translation>
    </message>
    <message>
        <source>已呼叫 %1 次</source>
        <translation>called %1 times</translation>
    </message>
    <message>
        <source>取号 %1</source>
        <translation>taken %1</translation>
    </message>
</context>
<context>
    <name>QueueStatusModel</name>
    <message>
        <source>不到 1 分钟</source>
        <translation>under 1 min</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>等候人数</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>最长等候</source>
        <translation>Longest</translation>
    </message>
    <message>
        <source>过号</source>
        <translation>Missed</translation>
    </message>
</context>
<context>
    <name>RatingFollowupsModel</name>
    <message>
        <source>已逾期，请尽快回访</source>
        <translation>Overdue: follow up soon</translation>
    </message>
    <message>
        <source>%1（已逾期）</source>
        <translation>%1 (overdue)</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>回访期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>评价、原因</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>分派给</source>
        <translation>Assigned to</translation>
    </message>
</context>
<context>
    <name>RatingFollowupsPanel</name>
    <message>
        <source>（未分派）</source>
        <translation>(not assigned)</translation>
    </message>
    <message>
        <source>此差评回访刚被他人更新，已显示最新内容并保留您修改的部分，请核对后再保存</source>
        <translation>Someone else has just updated this follow-up: the latest is shown with your changes kept; check them and save again</translation>
    </message>
    <message>
        <source>（未办件）</source>
        <translation>(no case)</translation>
    </message>
    <message>
        <source>（未留言）</source>
        <translation>(no comment)</translation>
    </message>
    <message>
        <source>回访情况已保存</source>
        <translation>Follow-up saved</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 的差评回访已办结</source>
        <translation>Follow-up of %1 closed</translation>
    </message>
    <message>
        <source>共 %1 条，未办结 %2，已逾期 %3（红色）</source>
        <translation>%1 in all, %2 open, %3 overdue (red)</translation>
    </message>
    <message>
        <source>未办结</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>显示</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>回访登记</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>号码</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>群众留言</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>回访期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>分派给</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <source>联系群众</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>何时、以何种方式联系了群众</source>
        <translation>When and how the citizen was contacted</translation>
    </message>
    <message>
        <source>核实情况</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>经核实，差评反映的问题是否属实</source>
        <translation>Whether the complaint was found to be true</translation>
    </message>
    <message>
        <source>整改措施</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>采取了哪些整改措施（不属实的写明理由）</source>
        <translation>What was changed (or why nothing had to be)</translation>
    </message>
    <message>
        <source>答复群众</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>向群众答复的内容及群众意见</source>
        <translation>What the citizen was told and what they said</translation>
    </message>
    <message>
        <source>保存 (Ctrl+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <source>办结回访</source>
        <translation>Close follow-up</translation>
    </message>
</context>
<context>
    <name>ReadyListPage</name>
    <message>
        <source>只看本窗口受理的</source>
        <translation>Only this window&apos;s cases</translation>
    </message>
    <message>
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <source>已通知申请人</source>
        <translation>Applicant notified</translation>
    </message>
    <message>
        <source>出件</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <source>红色：办结晚于承诺日期，发放时请向申请人说明；「待通知」：结果已可领取，尚未通知申请人；「待补齐」：容缺材料尚未补齐，补齐前不能出件（黄色：承诺期限将到，红色：已过期限）；蓝色行：一件事，其下为各事项的案件，选中后「出件」显示全部事项</source>
        <translation>Red: finished after the promised date, explain it to the applicant when handing out; &apos;to notify&apos;: the result is ready, the applicant has not been told yet; &apos;awaiting materials&apos;: a material accepted under commitment is still missing, nothing goes out before it is supplied (yellow: the commitment date is near, red: it has passed); blue rows: a bundle, its item cases below it, Hand out shows all of them</translation>
    </message>
    <message>
        <source>查询失败：%1</source>
        <translation>Search failed: %1</translation>
    </message>
    <message>
        <source>待领取 %1 件，其中待通知 %2 件</source>
        <translation>%1 result(s) to collect, %2 of them not notified yet</translation>
    </message>
    <message>
        <source>请先选择一件案件</source>
        <translation>Choose a case first</translation>
    </message>
    <message>
        <source>。申请人补交材料时，在「出件」页扫描受理通知书登记补齐</source>
        <translation>. When the applicant brings the material, scan the acceptance notice on the Hand-out page and record it</translation>
    </message>
    <message>
        <source>案件 %1 当前为「%2」，办理结果尚未送达窗口</source>
        <translation>Case %1 is &apos;%2&apos;: its result has not reached the window yet</translation>
    </message>
    <message>
        <source>一件事 %1 暂无可领取的结果</source>
        <translation>Bundle %1 has no result ready for pickup yet</translation>
    </message>
    <message>
        <source>一件事 %1 没有待通知的结果</source>
        <translation>Bundle %1 has no result waiting to be notified</translation>
    </message>
    <message>
        <source>案件 %1 已不是待领取状态</source>
        <translation>Case %1 is no longer ready for pickup</translation>
    </message>
    <message>
        <source>案件 %1 已通知过申请人</source>
        <translation>Case %1: the applicant was already notified</translation>
    </message>
    <message>
        <source>未能记录：%1</source>
        <translation>Not recorded: %1</translation>
    </message>
</context>
<context>
    <name>RestoreDraftDialog</name>
    <message>
        <source>未完成的受理</source>
        <translation>Unfinished acceptance</translation>
    </message>
    <message>
        <source>本窗口有一份未完成的受理草稿：
%1

是否恢复？</source>
        <translation>This window has an unfinished acceptance draft:
%1

Restore it?</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>首次设置 - 综合窗口受理系统</source>
        <translation>First-run setup - Comprehensive Window System</translation>
    </message>
    <message>
        <source>本机尚未设置。请填写中心服务器地址并测试连接，选择本机用途，然后保存。</source>
        <translation>This PC is not set up yet. Enter the central server&apos;s address and test the connection, choose what this PC is for, then save.</translation>
    </message>
    <message>
        <source>中心服务器</source>
        <translation>Central server</translation>
    </message>
    <message>
        <source>服务器地址(&amp;S)</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>如 https://clerk.example.gov.cn</source>
        <translation>e.g. https://clerk.example.gov.cn</translation>
    </message>
    <message>
        <source>测试连接(&amp;T)</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <source>本机登记</source>
        <translation>Registering this PC</translation>
    </message>
    <message>
        <source>本机用途(&amp;D)</source>
        <translation>This PC is &amp;a</translation>
    </message>
    <message>
        <source> 号窗口</source>
        <translation> (window)</translation>
    </message>
    <message>
        <source>大厅编码(&amp;H)</source>
        <translation>&amp;Hall code</translation>
    </message>
    <message>
        <source>如 HS01（登记时按账号自动填写）</source>
        <translation>e.g. HS01 (filled in from the account when registering)</translation>
    </message>
    <message>
        <source>账号(&amp;U)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <source>管理员账号，或取号机、评价器的设备账号</source>
        <translation>An admin account, or the kiosk&apos;s or evaluator&apos;s device account</translation>
    </message>
    <message>
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>申请登记本机(&amp;R)</source>
        <translation>&amp;Register this PC</translation>
    </message>
    <message>
        <source>打印与语言</source>
        <translation>Printing and language</translation>
    </message>
    <message>
        <source>凭条打印机(&amp;K)</source>
        <translation>Tic&amp;ket printer</translation>
    </message>
    <message>
        <source>取号机用，如 tcp://10.0.0.9:9100；不用则留空</source>
        <translation>Kiosk only, e.g. tcp://10.0.0.9:9100</translation>
    </message>
    <message>
        <source>文书打印机(&amp;O)</source>
        <translation>D&amp;ocument printer</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>采集设备（窗口用）</source>
        <translation>Capture devices (counter windows)</translation>
    </message>
    <message>
        <source>高拍仪(&amp;C)</source>
        <translation>Document &amp;camera</translation>
    </message>
    <message>
        <source>本机连接的高拍仪（摄像头）；驱动只会把照片存到文件夹的，请改填下面的扫描仪文件夹</source>
        <translation>The document camera connected to this PC; if its driver only saves pictures into a folder, fill in the scanner folder below instead</translation>
    </message>
    <message>
        <source>扫描仪文件夹(&amp;F)</source>
        <translation>Scanner &amp;folder</translation>
    </message>
    <message>
        <source>扫描仪或高拍仪驱动保存文件的文件夹；不用则留空</source>
        <translation>Folder the scanner&apos;s or camera&apos;s driver saves into; empty = none</translation>
    </message>
    <message>
        <source>浏览(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>启动时也采用文件夹中已有的文件</source>
        <translation>Also take the files already in the folder at start</translation>
    </message>
    <message>
        <source>不勾选时，程序启动前已在文件夹中的文件视为他人遗留，不会采用</source>
        <translation>Unticked, files already in the folder when the program starts are someone else&apos;s leftovers and are not taken</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>保存并启动</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <source>窗口（窗口人员、帮办、大厅管理）</source>
        <translation>Window (clerk, help desk, floor manager)</translation>
    </message>
    <message>
        <source>自助取号机</source>
        <translation>Ticket kiosk</translation>
    </message>
    <message>
        <source>大厅叫号显示屏</source>
        <translation>Hall call display</translation>
    </message>
    <message>
        <source>服务评价器</source>
        <translation>Rating screen</translation>
    </message>
    <message>
        <source>系统默认打印机</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <source>不使用高拍仪</source>
        <translation>No document camera</translation>
    </message>
    <message>
        <source>设置将保存到 %1</source>
        <translation>The settings will be saved to %1</translation>
    </message>
    <message>
        <source>%1（未连接）</source>
        <translation>%1 (not connected)</translation>
    </message>
    <message>
        <source>正在连接 %1 …</source>
        <translation>Connecting to %1 …</translation>
    </message>
    <message>
        <source>请填写登记本机所用的账号和密码</source>
        <translation>Enter the account and password to register this PC with</translation>
    </message>
    <message>
        <source>正在登记…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <source>选择扫描仪文件夹</source>
        <translation>Choose the scanner folder</translation>
    </message>
    <message>
        <source>扫描仪文件夹不存在：%1。请先建好（或接通网络共享），或清空此项</source>
        <translation>The scanner folder does not exist: %1. Create it (or connect the share) first, or empty the field</translation>
    </message>
    <message>
        <source>扫描仪文件夹 %1 无法读写：取走的文件要移到其中的子文件夹，请给本机用户读写权限</source>
        <translation>The scanner folder %1 cannot be read or written: taken files are moved into its subfolders; give this PC&apos;s user read and write access</translation>
    </message>
    <message>
        <source>请先测试服务器连接</source>
        <translation>Test the server connection first</translation>
    </message>
    <message>
        <source>取号机、显示屏和评价器每天用设备账号登录：请填写账号和密码</source>
        <translation>A kiosk, display or rating screen logs in with its device account every day: enter the account and password</translation>
    </message>
    <message>
        <source>请填写大厅编码（或先申请登记本机，按账号自动填写）</source>
        <translation>Enter the hall code (or register this PC first: it is filled in from the account)</translation>
    </message>
    <message>
        <source>登记未成功：%1</source>
        <translation>Registration failed: %1</translation>
    </message>
    <message>
        <source>无法保存设置：%1</source>
        <translation>Cannot save the settings: %1</translation>
    </message>
    <message>
        <source>地址格式不对，应如 https://clerk.example.gov.cn 或 http://10.0.0.5:8700</source>
        <translation>Not an address: it should look like https://clerk.example.gov.cn or http://10.0.0.5:8700</translation>
    </message>
    <message>
        <source>服务器的证书无法验证：%1</source>
        <translation>The server&apos;s certificate cannot be verified: %1</translation>
    </message>
    <message>
        <source>无法连接到该地址，请检查地址、端口和网络</source>
        <translation>Cannot connect to this address: check the address, port and network</translation>
    </message>
    <message>
        <source>该地址不是本系统的中心服务器（HTTP %1）</source>
        <translation>This address is not this system&apos;s central server (HTTP %1)</translation>
    </message>
    <message>
        <source>（未导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>中心服务器在线，事项目录版本 %1</source>
        <translation>Central server online, catalog version %1</translation>
    </message>
    <message>
        <source>本机已申请登记为%1号窗口，请联系管理员审批：设备码 %2</source>
        <translation>This PC asked to be registered as window %1; ask the administrator to approve it: device code %2</translation>
    </message>
    <message>
        <source>本机已登记（设备码 %1）</source>
        <translation>This PC is registered (device code %1)</translation>
    </message>
</context>
<context>
    <name>SlipPreviewDialog</name>
    <message>
        <source>打印取号凭条：%1</source>
        <translation>Print ticket slip: %1</translation>
    </message>
</context>
<context>
    <name>StatisticsCharts</name>
    <message>
        <source>分时段等候（分钟）</source>
        <translation>Wait by hour of day (minutes)</translation>
    </message>
    <message>
        <source>平均</source>
        <translation>Mean</translation>
    </message>
    <message>
        <source>分钟</source>
        <translation>min</translation>
    </message>
    <message>
        <source>窗口负荷（办结号票）</source>
        <translation>Load per window (tickets served)</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>张</source>
        <translation>tickets</translation>
    </message>
    <message>
        <source>每日评价</source>
        <translation>Ratings per day</translation>
    </message>
    <message>
        <source>差评(条)</source>
        <translation>Bad ratings</translation>
    </message>
    <message>
        <source>满意率(%)</source>
        <translation>Satisfaction (%)</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>按周</source>
        <translation>By week</translation>
    </message>
    <message>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>全大厅</source>
        <translation>Whole hall</translation>
    </message>
    <message>
        <source>区域</source>
        <translation>Zone</translation>
    </message>
    <message>
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>基本事项</source>
        <translation>Basic item</translation>
    </message>
    <message>
        <source>叫号</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>好差评</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <source>帮办预审</source>
        <translation>Pre-checks</translation>
    </message>
    <message>
        <source>常缺材料</source>
        <translation>Most missing materials</translation>
    </message>
    <message>
        <source>分时段等候</source>
        <translation>Wait by hour</translation>
    </message>
    <message>
        <source>窗口负荷</source>
        <translation>Load per window</translation>
    </message>
    <message>
        <source>每日评价</source>
        <translation>Ratings per day</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>导出Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <source>导出PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>分组</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>选择期间后按“查询”。</source>
        <translation>Choose the period, then press Query.</translation>
    </message>
    <message>
        <source>统计由中心服务器计算，离线时不可用</source>
        <translation>Statistics are computed by the central server: not available offline</translation>
    </message>
    <message>
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>&#x3000;取号%1张</source>
        <translation>  %1 tickets issued</translation>
    </message>
    <message>
        <source>统计失败：%1</source>
        <translation>Statistics failed: %1</translation>
    </message>
    <message>
        <source>导出统计</source>
        <translation>Export statistics</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>大厅实况</source>
        <translation>Hall now</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>今日预约</source>
        <translation>Appointments today</translation>
    </message>
    <message>
        <source>差评回访</source>
        <translation>Complaint follow-up</translation>
    </message>
    <message>
        <source>%1 · 提醒 %2</source>
        <translation>%1 · %2 alerts</translation>
    </message>
    <message>
        <source>老年人</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <source>残疾人</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>孕妇</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <source>怀抱婴幼儿</source>
        <translation>Carrying an infant</translation>
    </message>
    <message>
        <source>急事急办</source>
        <translation>Urgent matter</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>窗口</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>调整服务队列…</source>
        <translation>Queues served…</translation>
    </message>
    <message>
        <source>暂停服务…</source>
        <translation>Pause…</translation>
    </message>
    <message>
        <source>恢复服务</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>今日帮办预审</source>
        <translation>Pre-checks today</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>队列</source>
        <translation>Queues</translation>
    </message>
    <message>
        <source>最长等候：30分钟起黄色，60分钟起红色</source>
        <translation>Longest wait: amber from 30 minutes, red from 60</translation>
    </message>
    <message>
        <source>绿色通道</source>
        <translation>Priority tickets</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>发放绿色通道号</source>
        <translation>Issue priority ticket</translation>
    </message>
    <message>
        <source>打印凭条…</source>
        <translation>Print slip…</translation>
    </message>
    <message>
        <source>本机今日已发放：</source>
        <translation>Issued here today:</translation>
    </message>
    <message>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>● 叫号显示屏（%1）语音播报不可用：%2（%3 报告）</source>
        <translation>● Call display (%1) cannot announce by voice: %2 (reported at %3)</translation>
    </message>
    <message>
        <source>原因未知</source>
        <translation>reason unknown</translation>
    </message>
    <message>
        <source>%1 的服务队列已改为：%2</source>
        <translation>%1 now serves: %2</translation>
    </message>
    <message>
        <source>%1 已暂停服务：%2</source>
        <translation>%1 paused: %2</translation>
    </message>
    <message>
        <source>%1 已恢复服务</source>
        <translation>%1 resumed</translation>
    </message>
    <message>
        <source>网络中断，未能确认是否已发号。请按“重试发放”：同一请求不会重复发号。</source>
        <translation>The network dropped before the server answered. Press Retry: the same request never issues a second ticket.</translation>
    </message>
    <message>
        <source>绿色通道（%1）</source>
        <translation>Priority (%1)</translation>
    </message>
    <message>
        <source>前面 %1 人</source>
        <translation>%1 ahead</translation>
    </message>
    <message>
        <source>前面无人等候</source>
        <translation>Nobody ahead</translation>
    </message>
    <message>
        <source>已发放绿色通道号 %1，请把凭条交给群众</source>
        <translation>Priority ticket %1 issued; hand the slip over</translation>
    </message>
    <message>
        <source>凭条 %1 已打印</source>
        <translation>Slip %1 printed</translation>
    </message>
</context>
<context>
    <name>SyncDetailsDialog</name>
    <message>
        <source>新建案件</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>修改案件</source>
        <translation>Case change</translation>
    </message>
    <message>
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <source>案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>案件记录</source>
        <translation>Case record</translation>
    </message>
    <message>
        <source>出件</source>
        <translation>Hand-out</translation>
    </message>
    <message>
        <source>申请人信息</source>
        <translation>Applicant details</translation>
    </message>
    <message>
        <source>版本冲突</source>
        <translation>Version conflict</translation>
    </message>
    <message>
        <source>被拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Operation</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>服务器的原因</source>
        <translation>Server&apos;s reason</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>放弃操作</source>
        <translation>Discard operation</translation>
    </message>
    <message>
        <source>数据同步详情</source>
        <translation>Data sync details</translation>
    </message>
    <message>
        <source>修改后重新提交(&amp;R)</source>
        <translation>&amp;Resubmit after fixing</translation>
    </message>
    <message>
        <source>先在案件查询中改正案件，再点此按当前内容重新提交</source>
        <translation>First correct the case in Case search, then press this to resubmit it as it is now</translation>
    </message>
    <message>
        <source>放弃此操作(&amp;D)</source>
        <translation>&amp;Discard this operation</translation>
    </message>
    <message>
        <source>重新上传(&amp;U)</source>
        <translation>&amp;Upload again</translation>
    </message>
    <message>
        <source>换有受理权限的账号登录后会自动重新上传</source>
        <translation>Uploads again by itself after signing in with an account allowed to receive cases</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>online</translation>
    </message>
    <message>
        <source>离线（网络恢复后自动上传）</source>
        <translation>offline (uploads by itself when the network is back)</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>not synced yet</translation>
    </message>
    <message>
        <source>连接：%1&#x3000;待上传：%2&#x3000;被退回：%3&#x3000;上次成功同步：%4</source>
        <translation>Connection: %1   To upload: %2   Refused: %3   Last successful sync: %4</translation>
    </message>
    <message>
        <source>最近一次同步失败：%1</source>
        <translation>Last sync failed: %1</translation>
    </message>
    <message>
        <source>中心服务器拒绝了本窗口的上传：%1。已停止自动重试，待上传的操作保留在本机；换账号登录或点“重新上传”后再试。</source>
        <translation>The central server refused this window&apos;s upload: %1. Automatic retries have stopped and the operations to upload stay on this PC; sign in with another account or press &apos;Upload again&apos; to retry.</translation>
    </message>
    <message>
        <source>没有被退回的操作。</source>
        <translation>No refused operations.</translation>
    </message>
    <message>
        <source>服务器当前版本：%1。重新提交时保留服务器上的改动和办理记录，只把本窗口改过的内容合并上去。</source>
        <translation>Server&apos;s current version: %1. Resubmitting keeps the server&apos;s changes and records and merges in only what this window changed.</translation>
    </message>
    <message>
        <source>确定放弃对 %1 的这次%2吗？
放弃后它不会再上传到中心服务器，本机案件将恢复为服务器上的版本。</source>
        <translation>Discard this %2 of %1?
It will not be uploaded to the central server any more, and the case on this PC goes back to the server&apos;s version.</translation>
    </message>
    <message>
        <source>确定放弃对 %1 的这次%2吗？
放弃后它不会再上传到中心服务器。</source>
        <translation>Discard this %2 of %1?
It will not be uploaded to the central server any more.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <source>待上传 %1</source>
        <translation>To upload %1</translation>
    </message>
    <message>
        <source>被退回 %1</source>
        <translation>Refused %1</translation>
    </message>
    <message>
        <source>上传被拒绝</source>
        <translation>Upload refused</translation>
    </message>
    <message>
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>点击查看同步详情和被退回的操作</source>
        <translation>Click for sync details and refused operations</translation>
    </message>
    <message>
        <source>中心服务器拒绝上传：%1</source>
        <translation>The central server refused the upload: %1</translation>
    </message>
</context>
<context>
    <name>TicketSlipPreview</name>
    <message>
        <source>取号凭条 %1</source>
        <translation>Ticket slip %1</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>需到专业窗口办理</source>
        <translation>Needs a specialised window</translation>
    </message>
    <message>
        <source>取错号</source>
        <translation>Wrong ticket taken</translation>
    </message>
    <message>
        <source>本窗口暂停服务</source>
        <translation>This window is pausing</translation>
    </message>
    <message>
        <source>业务需要其他部门配合</source>
        <translation>Needs another department&apos;s help</translation>
    </message>
    <message>
        <source>转移当前号</source>
        <translation>Transfer the ticket</translation>
    </message>
    <message>
        <source>转到队列</source>
        <translation>To queue</translation>
    </message>
    <message>
        <source>转到窗口</source>
        <translation>To window</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>转移后保留原取号时间，不需重新排队。</source>
        <translation>The transfer keeps the original ticket time: no queueing again.</translation>
    </message>
</context>
<context>
    <name>UploadRefusedDialog</name>
    <message>
        <source>第%1项</source>
        <translation>Line %1</translation>
    </message>
    <message>
        <source>案件</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>材料</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>被拒时间</source>
        <translation>Refused at</translation>
    </message>
    <message>
        <source>已知悉</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>显示已知悉的</source>
        <translation>Show acknowledged</translation>
    </message>
    <message>
        <source>重新上传(&amp;U)</source>
        <translation>&amp;Upload again</translation>
    </message>
    <message>
        <source>原因已消除（如权限或大小限制已调整）时，把选中的文件再交给中心服务器</source>
        <translation>Once the reason is gone (a permission or size limit changed), hand the selected files to the central server again</translation>
    </message>
    <message>
        <source>已知悉(&amp;K)</source>
        <translation>Ac&amp;knowledge</translation>
    </message>
    <message>
        <source>不再计入状态栏的“材料被拒”；文件和记录保留在本机</source>
        <translation>No longer counted in the status bar's “Files refused”; the file and its record stay on this PC</translation>
    </message>
    <message>
        <source>中心服务器拒收了 %1 个材料文件（原因见下表）。原因已消除的可重新上传；否则请在案件中重新采集该材料，并点“已知悉”。</source>
        <translation>The central server refused %1 material files (reasons below). Upload again those whose reason is gone; otherwise capture the material again in the case and press “Acknowledge”.</translation>
    </message>
    <message>
        <source>没有未处理的被拒材料。</source>
        <translation>No refused files left to deal with.</translation>
    </message>
    <message>
        <source>被拒收的材料</source>
        <translation>Refused material files</translation>
    </message>
    <message>
        <source>（只列出最近的 %1 个）</source>
        <translation> (only the latest %1 listed)</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>UploadStatusWidget</name>
    <message>
        <source>材料待上传 %1</source>
        <translation>Files to send %1</translation>
    </message>
    <message>
        <source>（已传 %1%）</source>
        <translation> (%1%)</translation>
    </message>
    <message>
        <source>材料被拒 %1</source>
        <translation>Files refused %1</translation>
    </message>
    <message>
        <source>%1 第%2项 %3：%4</source>
        <translation>%1 line %2 %3: %4</translation>
    </message>
    <message>
        <source>采集的材料文件保存在本机，案件上传后依次上传：%1 个待上传，共 %2 MB</source>
        <translation>Captured files are kept on this PC and go up after their case: %1 waiting, %2 MB in all</translation>
    </message>
    <message>
        <source>中心服务器拒收的材料（点击查看）：</source>
        <translation>Files the central server refused (click for the list):</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <source>可领取</source>
        <translation>Ready to collect</translation>
    </message>
    <message>
        <source>待补齐</source>
        <translation>Materials pending</translation>
    </message>
    <message>
        <source>办理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已出件</source>
        <translation>Handed out</translation>
    </message>
    <message>
        <source>无需出件</source>
        <translation>No hand-out needed</translation>
    </message>
    <message>
        <source>帮办预审</source>
        <translation>Pre-check</translation>
    </message>
    <message>
        <source>已收件</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>容缺受理</source>
        <translation>Accept, pending</translation>
    </message>
    <message>
        <source>已一次性告知</source>
        <translation>One-time notice given</translation>
    </message>
    <message>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>审批中</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <source>准予</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>不予许可</source>
        <translation>Not approved</translation>
    </message>
    <message>
        <source>待领取</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>已领取</source>
        <translation>Collected</translation>
    </message>
    <message>
        <source>已邮寄</source>
        <translation>Mailed</translation>
    </message>
    <message>
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>终止办理</source>
        <translation>Terminated</translation>
    </message>
    <message>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <source>一次性告知(补正)</source>
        <translation>One-time notice (correction)</translation>
    </message>
    <message>
        <source>当场办结</source>
        <translation>Complete on the spot</translation>
    </message>
    <message>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <source>港澳居民来往内地通行证</source>
        <translation>HK/MO travel permit</translation>
    </message>
    <message>
        <source>台湾居民来往大陆通行证</source>
        <translation>Taiwan travel permit</translation>
    </message>
    <message>
        <source>港澳台居民居住证</source>
        <translation>HMT residence permit</translation>
    </message>
    <message>
        <source>外国人永久居留身份证</source>
        <translation>Foreigner PR ID card</translation>
    </message>
    <message>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Social credit code</translation>
    </message>
    <message>
        <source>未收</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>需补正</source>
        <translation>Needs correction</translation>
    </message>
    <message>
        <source>窗口领取</source>
        <translation>At the window</translation>
    </message>
    <message>
        <source>免费邮寄</source>
        <translation>Free mail</translation>
    </message>
    <message>
        <source>电子送达</source>
        <translation>Electronic delivery</translation>
    </message>
    <message>
        <source>即办件</source>
        <translation>Same-day item</translation>
    </message>
    <message>
        <source>承诺件</source>
        <translation>Promised-time item</translation>
    </message>
    <message>
        <source>原件收取</source>
        <translation>Original kept</translation>
    </message>
    <message>
        <source>原件核验不收</source>
        <translation>Original seen</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>电子</source>
        <translation>Electronic</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已暂停计时</source>
        <translation>Clock paused</translation>
    </message>
    <message>
        <source>不予许可决定书</source>
        <translation>Decision not to approve</translation>
    </message>
    <message>
        <source>补正通知书</source>
        <translation>Request to correct the application</translation>
    </message>
    <message>
        <source>未核</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>已带齐</source>
        <translation>Brought</translation>
    </message>
    <message>
        <source>未带</source>
        <translation>Not brought</translation>
    </message>
    <message>
        <source>有缺陷</source>
        <translation>Defective</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>份数或形式不符</source>
        <translation>Wrong copies or form</translation>
    </message>
    <message>
        <source>待补材料</source>
        <translation>Materials missing</translation>
    </message>
    <message>
        <source>已转窗口</source>
        <translation>Sent to a window</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>个工作日</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>日（自然日）</source>
        <translation>calendar days</translation>
    </message>
    <message>
        <source>受理通知书</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <source>容缺受理通知书</source>
        <translation>Notice of acceptance with pending materials</translation>
    </message>
    <message>
        <source>一次性告知书</source>
        <translation>One-time notice of missing materials</translation>
    </message>
    <message>
        <source>不予受理通知书</source>
        <translation>Refusal notice</translation>
    </message>
    <message>
        <source>材料接收凭证</source>
        <translation>Materials receipt</translation>
    </message>
    <message>
        <source>一件事受理通知书</source>
        <translation>Bundle acceptance notice</translation>
    </message>
    <message>
        <source>必要</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>非必要</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>必要(可容缺)</source>
        <translation>Required (may be pending)</translation>
    </message>
    <message>
        <source>容缺</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>告知</source>
        <translation>Notice</translation>
    </message>
    <message>
        <source>不予</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>地区码在历年行政区划代码中均不存在，请核对证件后继续</source>
        <translation>The region code never existed in any year&apos;s division codes: check the card, then go on</translation>
    </message>
    <message>
        <source>15位第一代居民身份证已于2013年1月1日停止使用。请出示第二代居民身份证、临时居民身份证，或户口簿及公安机关出具的身份证明</source>
        <translation>15-digit first-generation resident ID cards ceased to be valid on 1 January 2013. Please show a second-generation or temporary resident ID card, or the household register with an identity certificate from the police</translation>
    </message>
    <message>
        <source>这是外国人永久居留身份证号码（居民身份证号码不以9或字母开头），请选择对应证件类型</source>
        <translation>This is a foreign permanent resident ID number (resident ID numbers never start with 9 or a letter): choose that document kind</translation>
    </message>
    <message>
        <source>固定电话请加区号，如0714-6221234</source>
        <translation>A landline needs its area code, e.g. 0714-6221234</translation>
    </message>
    <message>
        <source>手机号码应为11位，以13-19开头，请核对</source>
        <translation>A mobile number has 11 digits starting with 13-19: check it</translation>
    </message>
    <message>
        <source>电话号码无法识别：请输入手机号码、带区号的固定电话，或以+开头的境外号码</source>
        <translation>Not a telephone number: enter a mobile, a landline with area code, or a number abroad starting with +</translation>
    </message>
    <message>
        <source>电话号码位数或区号不正确，请核对</source>
        <translation>Wrong number of digits or area code: check it</translation>
    </message>
</context>
</TS>
