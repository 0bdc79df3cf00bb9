<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <location filename="../../clerk_app/ui/app.py" line="93" />
        <source>综合窗口受理系统</source>
        <translation>Comprehensive Window Service</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../../clerk_app/domain/department_docs.py" line="27" />
        <source>不予许可决定书</source>
        <translation>Decision not to approve</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/department_docs.py" line="27" />
        <source>补正通知书</source>
        <translation>Request to correct the application</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="287" />
        <source>案件详情：%s</source>
        <translation>Case details: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="301" />
        <source>办理过程</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="302" />
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="303" />
        <source>打印记录</source>
        <translation>Print log</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="305" />
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="308" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="343" />
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="344" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="345" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="346" />
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="347" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="348" />
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="348" />
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="349" />
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="350" />
        <source>实施主体</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="351" />
        <source>情形</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="351" />
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="352" />
        <source>决定</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="353" />
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="354" />
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="355" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="355" />
        <source>%s号窗口</source>
        <translation>Window %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="356" />
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="359" />
        <source>理由/说明</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="386" />
        <source>补打%s</source>
        <translation>Reprint %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="386" />
        <source>打印%s</source>
        <translation>Print %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" />
        <source>一件事</source>
        <translation>Bundle</translation>
    </message>
</context>
<context>
    <name>CaseTables</name>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="175" />
        <source>案件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="176" />
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="177" />
        <source>证件</source>
        <translation>ID document</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="178" />
        <source>事项</source>
        <translation>Service item</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="179" />
        <location filename="../../clerk_app/ui/history.py" line="216" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="180" />
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="181" />
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="212" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="213" />
        <source>操作人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="214" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="215" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="217" />
        <location filename="../../clerk_app/ui/history.py" line="249" />
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="232" />
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="233" />
        <source>打印人</source>
        <translation>Printed by</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="234" />
        <source>打印时间</source>
        <translation>Printed at</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="235" />
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="241" />
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="242" />
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="244" />
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="247" />
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="248" />
        <source>收取情况</source>
        <translation>Received?</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/case_list.py" />
        <source>实施部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>发放</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>办理情况</source>
        <translation>Progress</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>确认新密码</source>
        <translation>Confirm new password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>密码要求：{policy}</source>
        <translation>Password rules: {policy}</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>至少8位，至少含大写字母、小写字母、数字、符号中的三类，不能包含用户名</source>
        <translation>at least 8 characters, at least three of upper case, lower case, digits and symbols, not containing the user name</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>只有连接中心服务器时才能修改密码，当前为离线状态，请联网后再试</source>
        <translation>The password can only be changed while connected to the central server. This window is offline: try again once connected.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>请输入原密码</source>
        <translation>Enter the current password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>请输入新密码</source>
        <translation>Enter the new password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>密码至少8位</source>
        <translation>The password needs at least 8 characters</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>密码须包含大写字母、小写字母、数字、符号中的至少三类</source>
        <translation>The password needs at least three of upper case, lower case, digits and symbols</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>密码不能包含用户名</source>
        <translation>The password must not contain the user name</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords differ</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>重新登录</source>
        <translation>Sign in again</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>密码已修改。本账户的所有登录均已结束，请用新密码重新登录。</source>
        <translation>Password changed. Every session of this account has ended: sign in again with the new password.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>中心服务器暂时无法连接，只有连接中心服务器时才能修改密码，请稍后再试</source>
        <translation>The central server cannot be reached; the password can only be changed while connected. Try again later.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/password.py" />
        <source>修改密码失败：{error}</source>
        <translation>Changing the password failed: {error}</translation>
    </message>
</context>
<context>
    <name>HallDisplay</name>
    <message>
        <location filename="../../clerk_app/ui/hall_display.py" line="0" />
        <source>请留意屏幕及语音叫号，过号请到咨询台。</source>
        <translation>Watch the screen and listen for your number; missed it? Ask at the help desk.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/hall_display.py" line="0" />
        <source>请留意屏幕叫号，过号请到咨询台。</source>
        <translation>Watch the screen for your number; missed it? Ask at the help desk.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/hall_display.py" line="320" />
        <source>%1 暂停服务</source>
        <translation>%1 closed for now</translation>
    </message>
</context>
<context>
    <name>HallQueuesModel</name>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="274" />
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>已等候超过%1分钟</source>
        <translation>Waiting for more than %1 minutes</translation>
    </message>
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
</context>
<context>
    <name>HallWindowsModel</name>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="157" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="158" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="159" />
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="160" />
        <source>当前号码</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="161" />
        <source>服务队列</source>
        <translation>Queues served</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="195" />
        <source>暂停：%1</source>
        <translation>Paused: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="197" />
        <source>服务中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="197" />
        <source>空闲</source>
        <translation>Free</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="198" />
        <source>未开</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="235" />
        <source>（未设置）</source>
        <translation>(none set)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="241" />
        <source>按优先顺序呼叫：%1</source>
        <translation>Called in this order: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="434" />
        <source>案件编号 / 申请人 / 证件号 / 事项；可直接扫描回执上的条码</source>
        <translation>Case number / applicant / ID number / item; or scan the barcode on the notice</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="438" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="441" />
        <source>受理日期</source>
        <translation>Received on</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="451" />
        <source>只看本窗口</source>
        <translation>This window only</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="453" />
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="456" />
        <source>查看详情</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="472" />
        <source>查找(&amp;F)</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="474" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="541" />
        <source>查询失败：%s</source>
        <translation>Search failed: %s</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/history.py" line="545" />
        <source>共 %n 件</source>
        <translation>
            <numerusform>%n case(s)</numerusform><numerusform>%n case(s)</numerusform></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="560" />
        <source>本机没有案件 %s</source>
        <translation>No case %s on this PC</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/history.py" line="580" />
        <source>案件 %s 已不在本机</source>
        <translation>Case %s is no longer on this PC</translation>
    </message>
</context>
<context>
    <name>LockOverlay</name>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="126" />
        <source>屏幕已锁定</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="131" />
        <source>当前用户：%1（%2）。请输入密码解锁；其他人员请先退出登录。</source>
        <translation>Signed in: %1 (%2). Enter the password to unlock; anybody else must sign out first.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="141" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="150" />
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="153" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="212" />
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="228" />
        <source>密码错误，请重新输入；其他人员请先退出登录</source>
        <translation>Wrong password, try again; anybody else must sign out first</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/lock.py" line="237" />
        <source>无法核对密码：%s</source>
        <translation>Cannot check the password: %s</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="252" />
        <source>登录 - 综合窗口受理系统</source>
        <translation>Sign in - Comprehensive Window Service</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="314" />
        <source>本机数据库无法打开：%s。请联系系统管理员</source>
        <translation>The local database cannot be opened: %s. Call the administrator</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="323" />
        <source>演示账户（点击一行即填入，仅演示模式显示）</source>
        <translation>Demo accounts (click a row to fill in; demo mode only)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="333" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="333" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="333" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="333" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="333" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="403" />
        <source>请输入用户名</source>
        <translation>Please enter the user name</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="407" />
        <source>请输入密码</source>
        <translation>Please enter the password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="410" />
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="428" />
        <source>登录出错：%s</source>
        <translation>Sign-in error: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="438" />
        <source>登录成功，正在检查事项目录…</source>
        <translation>Signed in, checking the service catalog…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="455" />
        <source>下载事项目录</source>
        <translation>Downloading the catalog</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="457" />
        <source>正在下载事项目录 %1（共 %2 项）…</source>
        <translation>Downloading catalog %1 (%2 items)…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/login.py" line="507" />
        <source>事项目录下载失败，无法受理：%s。请稍后重新登录</source>
        <translation>The catalog download failed, cases cannot be received: %s. Sign in again later</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>综合窗口受理系统</source>
        <translation>Comprehensive Window Service</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>工号或用户名</source>
        <translation>Staff number or user name</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>窗口号(&amp;W)</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source> 号窗口</source>
        <translation> (window)</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>LoginForm</name>
    <message>
        <location filename="../../forms/login.ui" line="12" />
        <source>综合窗口受理系统</source>
        <translation>Comprehensive Window Service</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="30" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="37" />
        <source>工号或用户名</source>
        <translation>Staff number or user name</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="42" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="54" />
        <source>窗口号(&amp;W)</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="62" />
        <source> 号窗口</source>
        <translation> (window)</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="83" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../forms/login.ui" line="89" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../clerk_app/ui/main.py" line="199" />
        <source>演示模式：本机内置中心服务器，数据在 %1</source>
        <translation>Demo mode: built-in central server, data in %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main.py" line="208" />
        <source>中心服务器：%1</source>
        <translation>Central server: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main.py" line="210" />
        <source>中心服务器：未设置（clerk-app setup）</source>
        <translation>Central server: not set (clerk-app setup)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/wiring.py" line="27" />
        <source>帮办预审</source>
        <translation>Pre-check</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>帮办账号不能受理案件</source>
        <translation>Help-desk accounts cannot receive cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>管理员账号不能受理案件</source>
        <translation>Administrator accounts cannot receive cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>本账号不能受理案件</source>
        <translation>This account cannot receive cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>（受理、出件只限窗口人员和大厅主管）；可用：案件查询</source>
        <translation> (receiving and handing out are for counter staff and supervisors); available: Cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>、绿色通道</source>
        <translation>, Priority tickets</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>中心服务器拒绝上传（已停止自动重试，数据保留在本机）：%1</source>
        <translation>The central server refused the upload (no automatic retry; the data stays on this PC): %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>中心服务器拒绝上传</source>
        <translation>The central server refused the upload</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="70" />
        <source>%1 · %2 · %3（%4）</source>
        <translation>%1 · %2 · %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="84" />
        <source>受理 (F1)</source>
        <translation>Receive (F1)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="85" />
        <source>案件查询 (F6)</source>
        <translation>Cases (F6)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="122" />
        <source>受理模块未能加载，请联系系统管理员。</source>
        <translation>The receiving page could not be loaded. Call the administrator.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="145" />
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="163" />
        <source>受理</source>
        <translation>Receive</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="165" />
        <source>案件查询</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="167" />
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="169" />
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="173" />
        <source>业务(&amp;B)</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="177" />
        <source>账户(&amp;A)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="216" />
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="218" />
        <source>事项目录 %1（%2 项）</source>
        <translation>Catalog %1 (%2 items)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="226" />
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="228" />
        <source>● 离线登录：案件保存在本机</source>
        <translation>● Offline sign-in: cases are kept on this PC</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="230" />
        <source>● 服务器无法连接：案件保存在本机</source>
        <translation>● Server unreachable: cases are kept on this PC</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/main_window.py" line="310" />
        <source>已上传 %n 件案件到中心</source>
        <translation>
            <numerusform>%n case(s) uploaded</numerusform><numerusform>%n case(s) uploaded</numerusform></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="319" />
        <source>案件已保存在本机，网络恢复后自动上传</source>
        <translation>Cases are saved on this PC and upload when the network is back</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="322" />
        <source>上传未完成（案件已保存在本机）：%s</source>
        <translation>Upload incomplete (cases are saved on this PC): %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="134" />
        <source>大厅管理 (Ctrl+4)</source>
        <translation>Hall (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="136" />
        <source>绿色通道 (Ctrl+4)</source>
        <translation>Priority tickets (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="267" />
        <source>大厅管理</source>
        <translation>Hall</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="267" />
        <source>绿色通道</source>
        <translation>Priority tickets</translation>
    </message>
    <message>
        <location filename="../../forms/main_window.ui" />
        <source>修改密码…</source>
        <translation>Change password…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/main_window.py" line="0" />
        <source>统计由中心服务器计算，离线时不可用</source>
        <translation>Statistics are computed by the central server: not available offline</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="78" />
        <source>临时离开</source>
        <translation>Away for a moment</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="79" />
        <source>午间休息</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="80" />
        <source>业务培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="81" />
        <source>设备故障</source>
        <translation>Equipment fault</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="82" />
        <source>协助其他窗口</source>
        <translation>Helping another window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="342" />
        <source>暂停服务：%1</source>
        <translation>Pause service: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="344" />
        <source>暂停服务</source>
        <translation>Pause service</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/queue_panel.py" line="346" />
        <source>请选择或填写暂停原因：</source>
        <translation>Choose or type the reason for the pause:</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="150" />
        <source>正在生成文书…</source>
        <translation>Rendering the document…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="170" />
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="171" />
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="172" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="173" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="174" />
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="175" />
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="176" />
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="179" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="257" />
        <source>文书生成失败：%s</source>
        <translation>Rendering failed: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="269" />
        <source>第 %1 / %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="345" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="348" />
        <source>已打印到文件 %s</source>
        <translation>Printed to file %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="365" />
        <source>已送打印机：%s</source>
        <translation>Sent to printer %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="376" />
        <source>已保存到 %s</source>
        <translation>Saved to %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="388" />
        <source>打印失败，未记录：%s</source>
        <translation>Printing failed, nothing recorded: %s</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/print_preview.py" line="249" />
        <source>共 %n 页，请核对后打印</source>
        <translation>
            <numerusform>%n page, check it before printing</numerusform><numerusform>%n pages, check them before printing</numerusform></translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="150" />
        <source>打印预览：%1 %2</source>
        <translation>Print preview: %1 %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="152" />
        <source>（补打）</source>
        <translation> (reprint)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="156" />
        <source>正在生成文书…</source>
        <translation>Rendering the document…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="176" />
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="177" />
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="178" />
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="179" />
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="180" />
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="181" />
        <location filename="../../clerk_app/ui/print_preview.py" line="240" />
        <source>另存为PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="182" />
        <source>打印 (Ctrl+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="185" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="231" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="242" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/print_preview.py" line="262" />
        <source>共 %n 页，请核对后打印</source>
        <translation>
            <numerusform>%n page(s); check, then print</numerusform><numerusform>%n page(s); check, then print</numerusform></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="270" />
        <source>文书生成失败：%s</source>
        <translation>Rendering failed: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="282" />
        <source>第 %1 / %2 页</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="354" />
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="357" />
        <source>已打印到文件 %s</source>
        <translation>Printed to file %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="374" />
        <source>已送打印机：%s</source>
        <translation>Sent to printer %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="385" />
        <source>已保存到 %s</source>
        <translation>Saved to %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/print_preview.py" line="397" />
        <source>打印失败，未记录：%s</source>
        <translation>Printing failed, nothing recorded: %s</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="303" />
        <source>调整服务队列：%1</source>
        <translation>Queues served: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="306" />
        <source>勾选本窗口服务的队列；排在前面的优先呼叫（绿色通道号始终最先）。</source>
        <translation>Tick the queues this window serves; the ones higher up are called first (priority tickets always come first).</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="321" />
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="334" />
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="336" />
        <source>上移 (Alt+↑)</source>
        <translation>Move up (Alt+↑)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="338" />
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="340" />
        <source>下移 (Alt+↓)</source>
        <translation>Move down (Alt+↓)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="359" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="362" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="413" />
        <source>请至少选择一个服务队列</source>
        <translation>Choose at least one queue</translation>
    </message>
</context>
<context>
    <name>SlipPreviewDialog</name>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="460" />
        <source>打印取号凭条：%1</source>
        <translation>Print ticket slip: %1</translation>
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
        <location filename="../../clerk_app/ui/supervisor.py" line="95" />
        <source>老年人</source>
        <translation>Elderly</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="96" />
        <source>残疾人</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="97" />
        <source>孕妇</source>
        <translation>Pregnant</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="98" />
        <source>怀抱婴幼儿</source>
        <translation>Carrying an infant</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="99" />
        <source>急事急办</source>
        <translation>Urgent matter</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="100" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="568" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="584" />
        <source>窗口</source>
        <translation>Windows</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="603" />
        <source>调整服务队列…</source>
        <translation>Queues served…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="606" />
        <source>暂停服务…</source>
        <translation>Pause…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="609" />
        <source>恢复服务</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="623" />
        <source>队列</source>
        <translation>Queues</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="637" />
        <source>最长等候：30分钟起黄色，60分钟起红色</source>
        <translation>Longest wait: amber from 30 minutes, red from 60</translation>
    </message>
    <message>
        <source>最长等候：%1分钟起黄色，%2分钟起红色</source>
        <translation>Longest wait: amber from %1 minutes, red from %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="644" />
        <source>绿色通道</source>
        <translation>Priority tickets</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="659" />
        <source>请选择或填写原因</source>
        <translation>Choose or type the reason</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="660" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="662" />
        <source>发放绿色通道号</source>
        <translation>Issue priority ticket</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="678" />
        <source>打印凭条…</source>
        <translation>Print slip…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="682" />
        <source>本机今日已发放：</source>
        <translation>Issued here today:</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="775" />
        <source>● 离线登录：大厅管理和绿色通道需要连接中心服务器，请联网后重新登录。</source>
        <translation>● Offline sign-in: the hall page and priority tickets need the central server. Sign in again once the network is back.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="780" />
        <source>，下列数据截至 %1</source>
        <translation>; the figures below are from %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="785" />
        <source>● 无法连接中心服务器%1；正在自动重试…</source>
        <translation>● The central server cannot be reached%1. Retrying…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="789" />
        <source>● 大厅数据实时更新</source>
        <translation>● Live hall data</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="793" />
        <source>更新于 %1</source>
        <translation>Updated %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="811" />
        <source>正在发放…</source>
        <translation>Issuing…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="813" />
        <source>重试发放（不会重复发号）</source>
        <translation>Retry (will not issue twice)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="870" />
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="893" />
        <source>操作未完成：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="967" />
        <source>%1 的服务队列已改为：%2</source>
        <translation>%1 now serves: %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1000" />
        <source>%1 已暂停服务：%2</source>
        <translation>%1 paused: %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1002" />
        <source>%1 已恢复服务</source>
        <translation>%1 resumed</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1044" />
        <source>网络中断，未能确认是否已发号。请按“重试发放”：同一请求不会重复发号。</source>
        <translation>The network dropped before the server answered. Press Retry: the same request never issues a second ticket.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1067" />
        <source>绿色通道（%1）</source>
        <translation>Priority (%1)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1068" />
        <source>前面 %1 人</source>
        <translation>%1 ahead</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1068" />
        <source>前面无人等候</source>
        <translation>Nobody ahead</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1078" />
        <source>已发放绿色通道号 %1，请把凭条交给群众</source>
        <translation>Priority ticket %1 issued; hand the slip over</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/supervisor.py" line="1103" />
        <source>凭条 %1 已打印</source>
        <translation>Slip %1 printed</translation>
    </message>
</context>
<context>
    <name>LoginDemoPanel</name>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>演示账户（点击一行即填入，仅演示模式显示）</source>
        <translation>Demo accounts (click a row to fill in; demo mode only)</translation>
    </message>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../forms/login_demo.ui" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
</context>
<context>
    <name>DeliveryPage</name>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" line="197" />
        <source>部门不予许可：在「详情」中打印不予许可决定书，核验领取人证件后发放</source>
        <translation>Not approved by the department: print the decision under Details, check the collector's ID, then hand it out</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>案件编号：</source>
        <translation>Case number:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>申请人：</source>
        <translation>Applicant:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>证件：</source>
        <translation>ID document:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>事项：</source>
        <translation>Service item:</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>承诺办结：</source>
        <translation>Promised by:</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>本机没有一件事 %s；如在其他窗口受理，请等待同步后再试</source>
        <translation>Bundle %s is not on this PC; if it was accepted at another window, wait for the sync and try again</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>。申请人补交材料请点「登记补齐」</source>
        <translation>. To record the materials the applicant brings, press 'Record supplied'</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>核验身份并发放勾选的 %n 项（打印送达回证）</source>
        <translation>
            <numerusform>Check the ID and hand out the %n ticked item (print the receipt)</numerusform><numerusform>Check the ID and hand out the %n ticked items (print the receipts)</numerusform></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>案件 %1 未保存：%2</source>
        <translation>Case %1 not saved: %2</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>（已保存：%s）</source>
        <translation> (saved: %s)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/delivery.py" />
        <source>；其余 %n 项办结后再来领取</source>
        <translation>
            <numerusform>; the other %n item can be collected once it is finished</numerusform><numerusform>; the other %n items can be collected once they are finished</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>一件事的 %n 项结果均可领取：核验领取人证件后一并发放（或免费邮寄）</source>
        <translation>
            <numerusform>The bundle's %n result is ready: check the collector's ID and hand it out (or mail it)</numerusform><numerusform>All %n results of the bundle are ready: check the collector's ID and hand them out together (or mail them)</numerusform></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>%1：可先发放已勾选的 %2 项，其余事项办结后再来领取（或办结后邮寄）</source>
        <translation>%1: the %2 ticked items can go out now, the others once they are finished (or by mail then)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>（可点「登记补齐」）。</source>
        <translation> (press 'Record supplied'). </translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>一件事：本次申请的全部事项</source>
        <translation>Bundle: every item of this application</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>登记补齐…</source>
        <translation>Record supplied…</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>申请人补交所选事项的容缺材料：登记补齐并打印材料接收凭证</source>
        <translation>The applicant brings the missing materials of the chosen item: record them and print the receipt</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>打印终止办理通知书</source>
        <translation>Print the termination notice</translation>
    </message>
    <message>
        <location filename="../../forms/delivery.ui" />
        <source>查看所选案件详情</source>
        <translation>Details of the chosen case</translation>
    </message>
</context>
<context>
    <name>PrecheckAtWindow</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="64" />
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="80" />
        <source>打开帮办预审</source>
        <translation>Open help-desk pre-check</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="80" />
        <source>扫描预审二维码或输入预审编号：</source>
        <translation>Scan the pre-check QR or type the pre-check number:</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="98" />
        <source>预审中的事项已不可办理</source>
        <translation>The pre-check's items can no longer be handled</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="109" />
        <source>已按帮办预审 {number}（{checker}）填好，请核对原件后确认</source>
        <translation>Filled from help-desk pre-check {number} ({checker}); check the originals, then confirm</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/at_window.py" line="128" />
        <source>窗口{decision}（{case}）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrecheckChecklistView</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/checklist.py" line="184" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/checklist.py" line="185" />
        <source>“{name}”的说明：</source>
        <translation>Note on “{name}”:</translation>
    </message>
</context>
<context>
    <name>PrecheckPage</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="198" />
        <source>请先在左侧查找事项（F3）</source>
        <translation>Find the item on the left first (F3)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="201" />
        <source>（不区分情形）</source>
        <translation>(any scenario)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="252" />
        <source>已打开预审 {number}，只需核对未带齐的材料</source>
        <translation>Pre-check {number} opened: check only the materials still missing</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="276" />
        <source>请先查找并选择事项（F3）</source>
        <translation>Find and choose the item first (F3)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="330" />
        <source>预审 {number} 已保存，{date} 前凭清单二维码再来可续办</source>
        <translation>Pre-check {number} saved; come back with the list's QR code before {date} to continue</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="338" />
        <source>还有必要材料未带齐，请打印准备资料清单</source>
        <translation>Required materials are still missing: print the preparation list</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="345" />
        <source>绿色通道须勾选帮办代办并写明授权方式</source>
        <translation>The green channel needs 'acting as agent' ticked and how it was authorised</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="349" />
        <source>请写明授权方式</source>
        <translation>Say how it was authorised</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="352" />
        <source>帮办代办：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="377" />
        <source>已取号 {ticket}（预审 {number}），请群众留意叫号到窗口办理</source>
        <translation>Ticket {ticket} taken (pre-check {number}); the citizen waits to be called to a window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="391" />
        <source>未能取号：{reason}。预审已保存在本机，请群众到取号机取号并在窗口出示预审码</source>
        <translation>No ticket: {reason}. The pre-check is saved on this PC; the citizen takes a ticket at the kiosk and shows the pre-check code at the window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="406" />
        <source>预审 {number}（{status}）</source>
        <translation>Pre-check {number} ({status})</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="410" />
        <source>新预审</source>
        <translation>New pre-check</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="420" />
        <source>还缺 {n} 项必要材料：{names}</source>
        <translation>{n} required materials missing: {names}</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/page.py" line="424" />
        <source>必要材料已带齐，可取号到窗口办理</source>
        <translation>Required materials complete: take a ticket for the window</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="22" />
        <source>扫码或输入预审编号续办（Ctrl+O）</source>
        <translation>Scan QR or type pre-check no. (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="49" />
        <source>情形（F4）：</source>
        <translation>Scenario (F4):</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="68" />
        <source>空格 已带齐&#x3000;D 有缺陷&#x3000;E 已过期&#x3000;W 份数或形式不符&#x3000;回车 说明&#x3000;Ctrl+A 全部带齐</source>
        <translation>Space brought　D defective　E expired　W wrong copies or form　Enter note　Ctrl+A all brought</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="75" />
        <source>证件（F2）：</source>
        <translation>ID (F2):</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="88" />
        <source>可不填：只咨询的群众无需登记证件</source>
        <translation>Optional: no ID needed for someone only asking</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="101" />
        <source>帮办代办（老年人、残疾人等，经本人授权）</source>
        <translation>Act as agent (elderly, disabled; with their authorisation)</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="107" />
        <source>授权方式，如：本人口头授权，子女电话确认</source>
        <translation>How authorised, e.g. verbally in person, confirmed by a child by phone</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="112" />
        <source>帮办说明：</source>
        <translation>Help-desk note:</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="138" />
        <source>新预审
Ctrl+N</source>
        <translation>New pre-check
Ctrl+N</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="144" />
        <source>打印准备资料清单
Ctrl+P</source>
        <translation>Print preparation list
Ctrl+P</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="150" />
        <source>绿色通道取号
Ctrl+G</source>
        <translation>Green-channel ticket
Ctrl+G</translation>
    </message>
    <message>
        <location filename="../../forms/precheck.ui" line="156" />
        <source>材料齐全，取号
Ctrl+Enter</source>
        <translation>Complete: take ticket
Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>PreparationListPreview</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/preview.py" line="41" />
        <source>准备资料清单 {number}</source>
        <translation>Preparation list {number}</translation>
    </message>
</context>
<context>
    <name>TicketSlipPreview</name>
    <message>
        <location filename="../../clerk_app/ui/helpdesk/preview.py" line="52" />
        <source>取号凭条 {ticket}</source>
        <translation>Ticket slip {ticket}</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>首次设置 - 综合窗口受理系统</source>
        <translation>First-run setup - Comprehensive Window System</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>本机尚未设置。请填写中心服务器地址并测试连接，选择本机用途，然后保存。</source>
        <translation>This PC is not set up yet. Enter the central server's address and test the connection, choose what this PC is for, then save.</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>中心服务器</source>
        <translation>Central server</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>服务器地址(&amp;S)</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>如 https://clerk.example.gov.cn</source>
        <translation>e.g. https://clerk.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>测试连接(&amp;T)</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>本机登记</source>
        <translation>Registering this PC</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>本机用途(&amp;D)</source>
        <translation>This PC is &amp;a</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source> 号窗口</source>
        <translation> (window)</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>大厅编码(&amp;H)</source>
        <translation>&amp;Hall code</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>如 HS01（登记时按账号自动填写）</source>
        <translation>e.g. HS01 (filled in from the account when registering)</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>账号(&amp;U)</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>管理员账号，或取号机、评价器的设备账号</source>
        <translation>An admin account, or the kiosk's or evaluator's device account</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>申请登记本机(&amp;R)</source>
        <translation>&amp;Register this PC</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>打印与语言</source>
        <translation>Printing and language</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>凭条打印机(&amp;K)</source>
        <translation>Tic&amp;ket printer</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>取号机用，如 tcp://10.0.0.9:9100；不用则留空</source>
        <translation>For the kiosk, e.g. tcp://10.0.0.9:9100; leave empty if none</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>文书打印机(&amp;O)</source>
        <translation>D&amp;ocument printer</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../forms/setup.ui" />
        <source>保存并启动</source>
        <translation>Save and start</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>窗口（窗口人员、帮办、大厅管理）</source>
        <translation>Window (clerk, help desk, floor manager)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>自助取号机</source>
        <translation>Ticket kiosk</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>大厅叫号显示屏</source>
        <translation>Hall call display</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>服务评价器</source>
        <translation>Rating screen</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>系统默认打印机</source>
        <translation>System default printer</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>设置将保存到 %1</source>
        <translation>The settings will be saved to %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>正在连接 %1 …</source>
        <translation>Connecting to %1 …</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>请填写登记本机所用的账号和密码</source>
        <translation>Enter the account and password to register this PC with</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>正在登记…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>请先测试服务器连接</source>
        <translation>Test the server connection first</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>取号机、显示屏和评价器每天用设备账号登录：请填写账号和密码</source>
        <translation>A kiosk, display or rating screen logs in with its device account every day: enter the account and password</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>请填写大厅编码（或先申请登记本机，按账号自动填写）</source>
        <translation>Enter the hall code (or register this PC first: it is filled in from the account)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>登记未成功：%1</source>
        <translation>Registration failed: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/setup_dialog.py" />
        <source>无法保存设置：%1</source>
        <translation>Cannot save the settings: %1</translation>
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
        <source>双击或按回车打开：窗口（在“大厅实况”中选中）、案件详情和办理记录、差评回访登记。</source>
        <translation>Double-click or press Enter to open: the window (selected under Hall now), the case's details and trail, the complaint's follow-up.</translation>
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
        <translation>Reading today's appointments…</translation>
    </message>
    <message>
        <source>迟到：超过预约开始时间15分钟后签到，按普通顺序叫号；爽约：时段结束仍未签到。</source>
        <translation>Late: checked in more than 15 minutes after the slot started (called in normal order). No-show: not checked in by the end of the slot.</translation>
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
        <translation>Rating, reason</translation>
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
        <source>此差评回访刚被他人更新，已显示最新内容并保留您修改的部分，请核对后再保存</source>
        <translation>Someone else has just updated this follow-up: the latest is shown with your changes kept; check them and save again</translation>
    </message>
    <message>
        <source>（未分派）</source>
        <translation>(not assigned)</translation>
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
    <name>ReadyListPage</name>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>红色：办结晚于承诺日期，发放时请向申请人说明；「待通知」：结果已可领取，尚未通知申请人；「待补齐」：容缺材料尚未补齐，补齐前不能出件（黄色：承诺期限将到，红色：已过期限）；蓝色行：一件事，其下为各事项的案件，选中后「出件」显示全部事项</source>
        <translation>Red: finished after the promised date, explain it to the applicant when handing out; 'to notify': the result is ready, the applicant has not been told yet; 'awaiting materials': a material accepted under commitment is still missing, nothing goes out before it is supplied (yellow: the commitment date is near, red: it has passed); blue rows: a bundle, its item cases below it, Hand out shows all of them</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>。申请人补交材料时，在「出件」页扫描受理通知书登记补齐</source>
        <translation>. When the applicant brings the material, scan the acceptance notice on the Hand-out page and record it</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>案件 %1 当前为「%2」，办理结果尚未送达窗口</source>
        <translation>Case %1 is '%2': its result has not reached the window yet</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>一件事 %s 暂无可领取的结果</source>
        <translation>Bundle %s has no result ready yet</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>一件事 %s 没有待通知的结果</source>
        <translation>Bundle %s has no result waiting for a notice</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>只看本窗口受理的</source>
        <translation>Only this window's cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>刷新 (F5)</source>
        <translation>Refresh (F5)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>已通知申请人</source>
        <translation>Applicant notified</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>出件</source>
        <translation>Hand out</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>查询失败：%s</source>
        <translation>Search failed: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>待领取 %1 件，其中待通知 %2 件</source>
        <translation>%1 result(s) to collect, %2 of them not notified yet</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>请先选择一件案件</source>
        <translation>Choose a case first</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>案件 %s 已不是待领取状态</source>
        <translation>Case %s is no longer ready for collection</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>案件 %s 已通知过申请人</source>
        <translation>The applicant of case %s was already notified</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/ready_list.py" />
        <source>未能记录：%s</source>
        <translation>Could not record it: %s</translation>
    </message>
</context>
<context>
    <name>BundleBox</name>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>一件事：%s</source>
        <translation>Bundle: %s</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/delivery_bundle.py" />
        <source>申请人 %1。%2；勾选的事项一起发放，其余办结后再来领取。</source>
        <translation>Applicant %1. %2; the ticked items go out together, the others once they are finished.</translation>
    </message>
</context>
<context>
    <name>DeliveriesPreviewDialog</name>
    <message>
        <location filename="../../clerk_app/ui/delivery_print.py" />
        <source>打印预览：%1（%2 件）</source>
        <translation>Print preview: %1 (%2 cases)</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>按日</source>
        <translation>By day</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>按周</source>
        <translation>By week</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>全大厅</source>
        <translation>Whole hall</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>区域</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>队列</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>工作人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>导出Excel…</source>
        <translation>Export Excel…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>导出PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>分组</source>
        <translation>Group by</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>选择期间后按“查询”。</source>
        <translation>Choose the period, then press Query.</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>叫号</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>办件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>好差评</source>
        <translation>Ratings</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>帮办预审</source>
        <translation>Pre-checks</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>常缺材料</source>
        <translation>Most missing materials</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>分时段等候</source>
        <translation>Wait by hour</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>窗口负荷</source>
        <translation>Load per window</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>每日评价</source>
        <translation>Ratings per day</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>统计由中心服务器计算，离线时不可用</source>
        <translation>Statistics are computed by the central server: not available offline</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>结束日期不能早于开始日期</source>
        <translation>The end date cannot be before the start date</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>正在统计…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>　取号%1张</source>
        <translation>  %1 tickets issued</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>统计失败：%1</source>
        <translation>Statistics failed: %1</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>导出统计</source>
        <translation>Export statistics</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/page.py" line="0" />
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>StatisticsCharts</name>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>分时段等候（分钟）</source>
        <translation>Wait by hour of day (minutes)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>平均</source>
        <translation>Mean</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>分钟</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>窗口负荷（办结号票）</source>
        <translation>Load per window (tickets served)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>办结</source>
        <translation>Served</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>张</source>
        <translation>tickets</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>每日评价</source>
        <translation>Ratings per day</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>差评(条)</source>
        <translation>Bad ratings</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/statistics/charts.py" line="0" />
        <source>满意率(%)</source>
        <translation>Satisfaction (%)</translation>
    </message>
</context>
<context>
    <name>ApplicantPanel</name>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>国籍*</source>
        <translation>Nationality*</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>无电话</source>
        <translation>No phone</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>申请人没有电话：请写明如何联系（如由代办人转告）</source>
        <translation>The applicant has no telephone: write down how to reach them (e.g. through the agent)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>如何联系，如：由代办人（其子）转告</source>
        <translation>How to reach them, e.g. through the agent (her son)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>无电话原因*</source>
        <translation>Why no phone*</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>联系电话*</source>
        <translation>Telephone*</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>联系电话</source>
        <translation>Telephone</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>手机、带区号的固定电话或境外号码（+852…）</source>
        <translation>Mobile, landline with area code, or a number abroad (+852…)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>手机、带区号的固定电话或境外号码</source>
        <translation>Mobile, landline with area code, or a number abroad</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>单位可不填，建议填写经办人电话</source>
        <translation>Optional for organisations; the contact person's phone is best</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>申请人护照：</source>
        <translation>Applicant's passport: </translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>代办人护照：</source>
        <translation>Agent's passport: </translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>请写明申请人无电话的原因及联系方式</source>
        <translation>Write down why the applicant has no telephone and how to reach them</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>请填写申请人联系电话（手机、带区号的固定电话或境外号码均可）</source>
        <translation>Enter the applicant's telephone (mobile, landline with area code or a number abroad)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>申请人联系电话：</source>
        <translation>Applicant's telephone: </translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>请填写代办人联系电话</source>
        <translation>Enter the agent's telephone</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/applicant.py" />
        <source>代办人联系电话：</source>
        <translation>Agent's telephone: </translation>
    </message>
</context>
<context>
    <name>NationalityField</name>
    <message>
        <location filename="../../clerk_app/ui/acceptance/document_input.py" />
        <source>输入国名或三位字母代码，如：美国、USA</source>
        <translation>Type a country name or its three-letter code, e.g. 美国, USA</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/document_input.py" />
        <source>请选择护照签发国（国籍）</source>
        <translation>Choose the passport's issuing country (nationality)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/document_input.py" />
        <source>国籍不在列表中：请从列表选择</source>
        <translation>Not a nationality of the list: choose one from the list</translation>
    </message>
</context>
<context>
    <name>DocumentInput</name>
    <message>
        <location filename="../../clerk_app/ui/acceptance/document_input.py" />
        <source>已按号码识别为%1</source>
        <translation>Recognised from the number as %1</translation>
    </message>
</context>
<context>
    <name>domain</name>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>地区码在历年行政区划代码中均不存在，请核对证件后继续</source>
        <translation>The region code never existed in any year's division codes: check the card, then go on</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>15位第一代居民身份证已于2013年1月1日停止使用。请出示第二代居民身份证、临时居民身份证，或户口簿及公安机关出具的身份证明</source>
        <translation>15-digit first-generation resident ID cards ceased to be valid on 1 January 2013. Please show a second-generation or temporary resident ID card, or the household register with an identity certificate from the police</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>这是外国人永久居留身份证号码（居民身份证号码不以9或字母开头），请选择对应证件类型</source>
        <translation>This is a foreign permanent resident ID number (resident ID numbers never start with 9 or a letter): choose that document kind</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>固定电话请加区号，如0714-6221234</source>
        <translation>A landline needs its area code, e.g. 0714-6221234</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>手机号码应为11位，以13-19开头，请核对</source>
        <translation>A mobile number has 11 digits starting with 13-19: check it</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>电话号码无法识别：请输入手机号码、带区号的固定电话，或以+开头的境外号码</source>
        <translation>Not a telephone number: enter a mobile, a landline with area code, or a number abroad starting with +</translation>
    </message>
    <message>
        <location filename="../../clerk_app/domain/identifiers.py" />
        <source>电话号码位数或区号不正确，请核对</source>
        <translation>Wrong number of digits or area code: check it</translation>
    </message>
</context>
<context>
    <name>DecisionPanel</name>
    <message>
        <location filename="../../clerk_app/ui/acceptance/decision.py" />
        <source>{d}（{n}日，自然日）</source>
        <translation>{d} ({n} calendar days)</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/decision.py" />
        <source>注意：{years}年的节假日调休尚未发布，承诺日期只按周末推算</source>
        <translation>Note: the public holidays of {years} are not published yet; the promised date counts weekends only</translation>
    </message>
    <message>
        <location filename="../../clerk_app/ui/acceptance/decision.py" />
        <source>请告知申请人以实际放假安排为准，并请管理员补录工作日覆盖表</source>
        <translation>Tell the applicant the official holiday schedule prevails, and ask the admin to add the year to the working-day override table</translation>
    </message>
</context>
</TS>
