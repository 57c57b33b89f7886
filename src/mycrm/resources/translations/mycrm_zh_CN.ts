<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>BackupsDialog</name>
    <message>
      <source>&amp;Back up now</source>
      <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
      <source>&amp;Restore…</source>
      <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
      <source>Backup failed</source>
      <translation>备份失败</translation>
    </message>
    <message>
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Backups are kept in %1</source>
      <translation>备份保存在 %1</translation>
    </message>
    <message>
      <source>No backups yet — click “Back up now” to make the first.</source>
      <translation>还没有备份。点击“立即备份”创建第一个备份。</translation>
    </message>
    <message>
      <source>Open &amp;folder</source>
      <translation>打开文件夹(&amp;F)</translation>
    </message>
    <message>
      <source>Restore failed</source>
      <translation>恢复失败</translation>
    </message>
    <message>
      <source>Restore this backup?</source>
      <translation>恢复此备份？</translation>
    </message>
    <message>
      <source>The backup could not be restored.

%1</source>
      <translation>无法恢复备份。

%1</translation>
    </message>
    <message>
      <source>The backup could not be written.

%1</source>
      <translation>无法写入备份。

%1</translation>
    </message>
    <message>
      <source>Your data will be replaced by this backup. Your current data is backed up first, so you can go back.</source>
      <translation>当前数据将被此备份替换。替换前会先备份当前数据，因此可以随时恢复回来。</translation>
    </message>
  </context>
  <context>
    <name>BackupsModel</name>
    <message>
      <source>Automatic</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>Before a restore</source>
      <translation>恢复前</translation>
    </message>
    <message>
      <source>Before an update</source>
      <translation>更新前</translation>
    </message>
    <message>
      <source>By hand</source>
      <translation>手动</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <source>On quit</source>
      <translation>退出时</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>unreadable</source>
      <translation>无法读取</translation>
    </message>
  </context>
  <context>
    <name>BoardColumn</name>
    <message>
      <source>No customer matches the search.</source>
      <translation>没有符合搜索条件的客户。</translation>
    </message>
    <message>
      <source>No customers here.
Drag a card here to move it.</source>
      <translation>这里没有客户。
将卡片拖到此处即可移动。</translation>
    </message>
  </context>
  <context>
    <name>BoardPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n 位客户</numerusform>
      </translation>
    </message>
    <message>
      <source>Archive</source>
      <translation>归档</translation>
    </message>
    <message>
      <source>Filter the board</source>
      <translation>筛选看板</translation>
    </message>
    <message>
      <source>Filter the board by name, industry or contact…</source>
      <translation>按名称、行业或联系人筛选看板…</translation>
    </message>
    <message>
      <source>Move to</source>
      <translation>移动到</translation>
    </message>
    <message>
      <source>The board could not be filtered; see the log.</source>
      <translation>无法筛选看板，请查看日志。</translation>
    </message>
  </context>
  <context>
    <name>CalendarPage</name>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>%1 %2</source>
      <comment>month name, year</comment>
      <translation>%2年%1</translation>
    </message>
    <message>
      <source>%1 – %2</source>
      <translation>%1 – %2</translation>
    </message>
    <message>
      <source>Agenda</source>
      <translation>日程</translation>
    </message>
    <message>
      <source>All tiers</source>
      <translation>所有级别</translation>
    </message>
    <message>
      <source>Calendar days</source>
      <translation>日历日期</translation>
    </message>
    <message>
      <source>Days in the agenda</source>
      <translation>日程显示天数</translation>
    </message>
    <message>
      <source>Drag a to-do onto another day to move its reminder.</source>
      <translation>将待办拖到另一天即可移动其提醒。</translation>
    </message>
    <message>
      <source>Expiring this month</source>
      <translation>本月到期</translation>
    </message>
    <message numerus="yes">
      <source>Expiring this month · %n customer(s)</source>
      <translation>
        <numerusform>本月到期 · %n 位客户</numerusform>
      </translation>
    </message>
    <message>
      <source>Go to today (Alt+Home)</source>
      <translation>回到今天（Alt+Home）</translation>
    </message>
    <message>
      <source>Items of the selected day</source>
      <translation>所选日期的事项</translation>
    </message>
    <message>
      <source>Jump to this month and list the customers whose renewal date falls in it</source>
      <translation>跳转到本月，并列出到期日在本月的客户</translation>
    </message>
    <message>
      <source>Log visit on this day</source>
      <translation>在这一天记录拜访</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月</translation>
    </message>
    <message>
      <source>New to-do on this day</source>
      <translation>在这一天新建待办</translation>
    </message>
    <message>
      <source>Next period (Page Down)</source>
      <translation>下一时段（Page Down）</translation>
    </message>
    <message>
      <source>No renewal date falls in this month.</source>
      <translation>本月没有客户到期。</translation>
    </message>
    <message numerus="yes">
      <source>Nothing in these %n day(s) — plan a to-do or log a visit from a day.</source>
      <translation>
        <numerusform>这 %n 天内没有安排。可以从某一天安排待办或记录拜访。</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing on this day yet — add a to-do or log a visit below.</source>
      <translation>这一天还没有安排。可在下方添加待办或记录拜访。</translation>
    </message>
    <message>
      <source>Only an open to-do with a reminder time can be moved.</source>
      <translation>只有设置了提醒时间的未完成待办才能移动。</translation>
    </message>
    <message>
      <source>Previous period (Page Up)</source>
      <translation>上一时段（Page Up）</translation>
    </message>
    <message>
      <source>Renewals</source>
      <translation>续费</translation>
    </message>
    <message>
      <source>Show %1</source>
      <translation>显示%1</translation>
    </message>
    <message>
      <source>Show the next</source>
      <translation>显示接下来</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>显示：</translation>
    </message>
    <message>
      <source>This to-do no longer exists.</source>
      <translation>该待办已不存在。</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>级别</translation>
    </message>
    <message>
      <source>Tier %1</source>
      <translation>%1 级</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Visits</source>
      <translation>拜访</translation>
    </message>
    <message>
      <source>Visits and QBRs (a QBR is a visit)</source>
      <translation>拜访和 QBR（QBR 也算拜访）</translation>
    </message>
    <message>
      <source>Week</source>
      <translation>周</translation>
    </message>
  </context>
  <context>
    <name>CommandPalette</name>
    <message>
      <source>Command palette</source>
      <translation>命令面板</translation>
    </message>
    <message>
      <source>Command palette…</source>
      <translation>命令面板…</translation>
    </message>
    <message>
      <source>Go to %1</source>
      <translation>转到%1</translation>
    </message>
    <message>
      <source>Nothing matches “%1”.</source>
      <translation>没有与“%1”匹配的结果。</translation>
    </message>
    <message>
      <source>Search customers and actions</source>
      <translation>搜索客户和操作</translation>
    </message>
    <message>
      <source>Type a customer's name, an action or a page…</source>
      <translation>输入客户名称、操作或页面…</translation>
    </message>
    <message>
      <source>↑↓ to choose · Enter to run · Esc to close</source>
      <translation>↑↓ 选择 · Enter 执行 · Esc 关闭</translation>
    </message>
  </context>
  <context>
    <name>ContactEditor</name>
    <message>
      <source>&amp;E-mail</source>
      <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Name</source>
      <translation>姓名(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Phone</source>
      <translation>电话(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Title</source>
      <translation>职位(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;WeChat</source>
      <translation>微信(&amp;W)</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete this contact?</source>
      <translation>删除此联系人？</translation>
    </message>
    <message>
      <source>Edit contact</source>
      <translation>编辑联系人</translation>
    </message>
    <message>
      <source>New contact</source>
      <translation>新建联系人</translation>
    </message>
    <message>
      <source>Primary contact</source>
      <translation>主要联系人</translation>
    </message>
    <message>
      <source>Second p&amp;hone</source>
      <translation>第二电话(&amp;H)</translation>
    </message>
  </context>
  <context>
    <name>CustomerEditor</name>
    <message>
      <source>&amp;Amount</source>
      <translation>金额(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;City</source>
      <translation>城市(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;E-mail</source>
      <translation>邮箱(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Industry</source>
      <translation>行业(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Name</source>
      <translation>名称(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;Phone</source>
      <translation>电话(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Renewal date</source>
      <translation>到期日(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Tier</source>
      <translation>级别(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Value delivered</source>
      <translation>已交付价值(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Website</source>
      <translation>网站(&amp;W)</translation>
    </message>
    <message>
      <source>Add anyway</source>
      <translation>仍然添加</translation>
    </message>
    <message>
      <source>Addre&amp;ss</source>
      <translation>地址(&amp;S)</translation>
    </message>
    <message>
      <source>Co&amp;untry</source>
      <translation>国家/地区(&amp;U)</translation>
    </message>
    <message>
      <source>Comma-separated, e.g. key account, SSO</source>
      <translation>用逗号分隔，例如：重点客户, 单点登录</translation>
    </message>
    <message>
      <source>Company name, e.g. 上海云帆信息科技有限公司</source>
      <translation>公司名称，例如：上海云帆信息科技有限公司</translation>
    </message>
    <message>
      <source>Contract amount, e.g. 120000</source>
      <translation>合同金额，例如：120000</translation>
    </message>
    <message>
      <source>Edit customer</source>
      <translation>编辑客户</translation>
    </message>
    <message>
      <source>First contact person</source>
      <translation>首位联系人</translation>
    </message>
    <message>
      <source>Goals for the &amp;year</source>
      <translation>年度目标(&amp;Y)</translation>
    </message>
    <message>
      <source>N&amp;otes</source>
      <translation>备注(&amp;O)</translation>
    </message>
    <message>
      <source>Na&amp;me</source>
      <translation>姓名(&amp;M)</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>Open existing</source>
      <translation>打开已有客户</translation>
    </message>
    <message>
      <source>Possible duplicate</source>
      <translation>可能重复</translation>
    </message>
    <message>
      <source>Ta&amp;gs</source>
      <translation>标签(&amp;G)</translation>
    </message>
    <message>
      <source>This customer may already exist:</source>
      <translation>该客户可能已存在：</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>职位</translation>
    </message>
    <message>
      <source>What the customer wants to reach this year</source>
      <translation>客户今年想要达成的目标</translation>
    </message>
    <message>
      <source>What the service has brought them so far</source>
      <translation>到目前为止服务为客户带来的价值</translation>
    </message>
    <message>
      <source>YYYY-MM-DD, e.g. 2027-03-31</source>
      <translation>YYYY-MM-DD，例如：2027-03-31</translation>
    </message>
    <message>
      <source>same e-mail address</source>
      <translation>邮箱相同</translation>
    </message>
    <message>
      <source>same name</source>
      <translation>名称相同</translation>
    </message>
    <message>
      <source>same phone number</source>
      <translation>电话相同</translation>
    </message>
    <message>
      <source>similar name</source>
      <translation>名称相似</translation>
    </message>
  </context>
  <context>
    <name>CustomerPage</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>Add contact…</source>
      <translation>添加联系人…</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Back (Alt+Left)</source>
      <translation>返回（Alt+Left）</translation>
    </message>
    <message>
      <source>Back on the board</source>
      <translation>放回看板</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contract</source>
      <translation>合同</translation>
    </message>
    <message>
      <source>Contract amount</source>
      <translation>合同金额</translation>
    </message>
    <message>
      <source>Contracts</source>
      <translation>合同</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete record…</source>
      <translation>删除记录…</translation>
    </message>
    <message>
      <source>Delete this service record?</source>
      <translation>删除此服务记录？</translation>
    </message>
    <message>
      <source>Delete this to-do?</source>
      <translation>删除此待办？</translation>
    </message>
    <message>
      <source>Delete to-do…</source>
      <translation>删除待办…</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>邮箱</translation>
    </message>
    <message>
      <source>Ends</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Follow up</source>
      <translation>跟进日期</translation>
    </message>
    <message>
      <source>Goals for the year</source>
      <translation>年度目标</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次拜访</translation>
    </message>
    <message>
      <source>Lost on %1: %2</source>
      <translation>已于 %1 流失：%2</translation>
    </message>
    <message>
      <source>Mark done</source>
      <translation>标记完成</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Need</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>No contacts yet — edit the customer to add one.</source>
      <translation>还没有联系人。编辑客户即可添加。</translation>
    </message>
    <message>
      <source>No contracts yet — record a renewal or edit the customer's renewal date.</source>
      <translation>还没有合同。请登记续费，或编辑客户的到期日。</translation>
    </message>
    <message>
      <source>No open needs — press Ctrl+Shift+N to capture one.</source>
      <translation>没有跟进中的需求。按 Ctrl+Shift+N 记录一条。</translation>
    </message>
    <message>
      <source>No open to-dos — press Ctrl+T to add one.</source>
      <translation>没有未完成的待办。按 Ctrl+T 添加一条。</translation>
    </message>
    <message>
      <source>Nothing here yet — log a visit with Ctrl+L.</source>
      <translation>这里还没有内容。按 Ctrl+L 记录一次拜访。</translation>
    </message>
    <message>
      <source>Open needs</source>
      <translation>跟进中的需求</translation>
    </message>
    <message>
      <source>Open to-dos</source>
      <translation>未完成的待办</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Reminder</source>
      <translation>提醒</translation>
    </message>
    <message>
      <source>Renewal</source>
      <translation>续费</translation>
    </message>
    <message>
      <source>Show in the timeline</source>
      <translation>在时间线中显示</translation>
    </message>
    <message>
      <source>Show:</source>
      <translation>显示：</translation>
    </message>
    <message>
      <source>Signed</source>
      <translation>签约日期</translation>
    </message>
    <message>
      <source>Timeline</source>
      <translation>时间线</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>职位</translation>
    </message>
    <message>
      <source>To-do</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Undo “lost”: put the customer back on the board</source>
      <translation>撤销“流失”：将客户放回看板</translation>
    </message>
    <message>
      <source>Value delivered</source>
      <translation>已交付价值</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>← Back</source>
      <translation>← 返回</translation>
    </message>
  </context>
  <context>
    <name>CustomerPicker</name>
    <message>
      <source>Choose a customer</source>
      <translation>选择客户</translation>
    </message>
    <message>
      <source>Matching customers</source>
      <translation>匹配的客户</translation>
    </message>
    <message>
      <source>No customer matches — check the spelling or add the customer first.</source>
      <translation>没有匹配的客户。请检查拼写，或先添加该客户。</translation>
    </message>
    <message>
      <source>Search customers</source>
      <translation>搜索客户</translation>
    </message>
    <message>
      <source>Type a name, contact or phone…</source>
      <translation>输入名称、联系人或电话…</translation>
    </message>
  </context>
  <context>
    <name>CustomersPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n 位客户</numerusform>
      </translation>
    </message>
    <message>
      <source>Archive</source>
      <translation>归档</translation>
    </message>
    <message>
      <source>No customer matches the search.</source>
      <translation>没有符合搜索条件的客户。</translation>
    </message>
    <message>
      <source>No customers yet. Click “New customer” (Ctrl+N) or import your spreadsheet to get started.</source>
      <translation>还没有客户。点击“新建客户”（Ctrl+N）或导入电子表格即可开始。</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Search customers and contacts…</source>
      <translation>搜索客户和联系人…</translation>
    </message>
    <message>
      <source>Show archived and lost</source>
      <translation>显示已归档和已流失的客户</translation>
    </message>
    <message>
      <source>The customers could not be filtered; see the log.</source>
      <translation>无法筛选客户，请查看日志。</translation>
    </message>
  </context>
  <context>
    <name>CustomersTableModel</name>
    <message>
      <source>Active</source>
      <translation>正常</translation>
    </message>
    <message>
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <source>Days left</source>
      <translation>剩余天数</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次拜访</translation>
    </message>
    <message>
      <source>Lost</source>
      <translation>已流失</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Primary contact</source>
      <translation>主要联系人</translation>
    </message>
    <message>
      <source>Renewal date</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>State</source>
      <translation>阶段</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>级别</translation>
    </message>
    <message>
      <source>never</source>
      <translation>从未</translation>
    </message>
  </context>
  <context>
    <name>DayCellDelegate</name>
    <message numerus="yes">
      <source>%n overdue</source>
      <translation>
        <numerusform>%n 项逾期</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s)</source>
      <translation>
        <numerusform>%n 项续费</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n to-do(s)</source>
      <translation>
        <numerusform>%n 项待办</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n visit(s)</source>
      <translation>
        <numerusform>%n 次拜访</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>+%n more</source>
      <translation>
        <numerusform>另有 %n 项</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>EditorDialog</name>
    <message>
      <source>Nothing was saved — please fix the marked fields.</source>
      <translation>未保存任何内容，请修正标出的字段。</translation>
    </message>
  </context>
  <context>
    <name>GoalsDialog</name>
    <message numerus="yes">
      <source>%n quarter and month target(s) set from the year.</source>
      <translation>
        <numerusform>已根据年度目标设置 %n 个季度和月度目标。</numerusform>
      </translation>
    </message>
    <message>
      <source>Goals</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月</translation>
    </message>
    <message>
      <source>Next period</source>
      <translation>下一周期</translation>
    </message>
    <message>
      <source>Nothing to split: set yearly targets first, or tick “Replace targets already set”.</source>
      <translation>没有可拆分的目标：请先设置年度目标，或勾选“替换已设置的目标”。</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>周期</translation>
    </message>
    <message>
      <source>Previous period</source>
      <translation>上一周期</translation>
    </message>
    <message>
      <source>Quarter</source>
      <translation>季度</translation>
    </message>
    <message>
      <source>Replace targets already set</source>
      <translation>替换已设置的目标</translation>
    </message>
    <message>
      <source>Split the year evenly into quarters and months</source>
      <translation>将年度目标平均拆分到各季度和各月</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年</translation>
    </message>
    <message>
      <source>no target</source>
      <translation>未设目标</translation>
    </message>
    <message>
      <source>“%1” is not a whole number. Type digits, e.g. 12.</source>
      <translation>“%1”不是整数。请输入数字，例如 12。</translation>
    </message>
  </context>
  <context>
    <name>GoalsPanel</name>
    <message>
      <source>Goal period</source>
      <translation>目标周期</translation>
    </message>
    <message>
      <source>Month</source>
      <translation>月</translation>
    </message>
    <message>
      <source>Quarter</source>
      <translation>季度</translation>
    </message>
    <message>
      <source>Set goals…</source>
      <translation>设置目标…</translation>
    </message>
    <message>
      <source>Year</source>
      <translation>年</translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message>
      <source>Add your first customer</source>
      <translation>添加第一位客户</translation>
    </message>
    <message>
      <source>Goals</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Needs attention</source>
      <translation>需要关注</translation>
    </message>
    <message>
      <source>Needs attention · %1</source>
      <translation>需要关注 · %1</translation>
    </message>
    <message>
      <source>Nothing needs attention right now — nice work.</source>
      <translation>目前没有需要关注的事项，干得漂亮。</translation>
    </message>
    <message>
      <source>Portfolio at a glance</source>
      <translation>客户概览</translation>
    </message>
    <message>
      <source>Show all in To-dos</source>
      <translation>在待办中查看全部</translation>
    </message>
    <message>
      <source>Welcome! No customers yet.

Add your first customer and Home will show your goals, the renewals coming up and whom to contact next.</source>
      <translation>欢迎！还没有客户。

添加第一位客户后，首页将显示你的目标、即将到期的续费以及接下来该联系谁。</translation>
    </message>
    <message numerus="yes">
      <source>and %n more not shown</source>
      <translation>
        <numerusform>另有 %n 项未显示</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ImportDialog</name>
    <message>
      <source>%1 (hidden)</source>
      <translation>%1（隐藏）</translation>
    </message>
    <message>
      <source>%1 customers and %2 contacts added.</source>
      <translation>已添加 %1 位客户和 %2 位联系人。</translation>
    </message>
    <message>
      <source>%1 new customers, %2 already in mycrm, %3 more contacts, %4 rows skipped.</source>
      <translation>新客户 %1 位，已在 mycrm 中 %2 位，新增联系人 %3 位，跳过 %4 行。</translation>
    </message>
    <message>
      <source>&amp;Dates:</source>
      <translation>日期格式(&amp;D)：</translation>
    </message>
    <message>
      <source>&amp;Encoding:</source>
      <translation>编码(&amp;E)：</translation>
    </message>
    <message>
      <source>&amp;Import</source>
      <translation>导入(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Sheet:</source>
      <translation>工作表(&amp;S)：</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Column &amp;names on row:</source>
      <translation>列名所在行(&amp;N)：</translation>
    </message>
    <message>
      <source>Column mapping</source>
      <translation>列对应关系</translation>
    </message>
    <message>
      <source>Columns (double-click “Imported as” to change):</source>
      <translation>列（双击“导入为”可修改）：</translation>
    </message>
    <message>
      <source>Columns mapped as in your last import of a file with these column names.</source>
      <translation>已按上次导入相同列名文件时的对应关系匹配各列。</translation>
    </message>
    <message>
      <source>Date order</source>
      <translation>日期顺序</translation>
    </message>
    <message>
      <source>Detect automatically</source>
      <translation>自动检测</translation>
    </message>
    <message>
      <source>File:</source>
      <translation>文件：</translation>
    </message>
    <message>
      <source>Import cancelled — nothing was imported.</source>
      <translation>已取消导入 —— 没有导入任何内容。</translation>
    </message>
    <message>
      <source>Import customers</source>
      <translation>导入客户</translation>
    </message>
    <message>
      <source>Import failed</source>
      <translation>导入失败</translation>
    </message>
    <message>
      <source>Import finished</source>
      <translation>导入完成</translation>
    </message>
    <message>
      <source>Importing customers…</source>
      <translation>正在导入客户…</translation>
    </message>
    <message>
      <source>Importing customers… %1 of %2 rows</source>
      <translation>正在导入客户… 第 %1 行，共 %2 行</translation>
    </message>
    <message>
      <source>Kept in the notes as “column: value”: %1</source>
      <translation>以“列名: 值”保存在备注中：%1</translation>
    </message>
    <message>
      <source>Not imported: %1</source>
      <translation>不导入：%1</translation>
    </message>
    <message>
      <source>Nothing was imported.

%1</source>
      <translation>未导入任何数据。

%1</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>Preview:</source>
      <translation>预览：</translation>
    </message>
    <message>
      <source>Read as %1; column names on row %2.</source>
      <translation>按 %1 读取；列名在第 %2 行。</translation>
    </message>
    <message>
      <source>Row with the column names</source>
      <translation>列名所在行</translation>
    </message>
    <message>
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <source>Text encoding</source>
      <translation>文本编码</translation>
    </message>
    <message>
      <source>This file cannot be read: %1</source>
      <translation>无法读取此文件：%1</translation>
    </message>
    <message>
      <source>day/month/year (01/03/2026 = 1 March)</source>
      <translation>日/月/年（01/03/2026 = 3 月 1 日）</translation>
    </message>
    <message>
      <source>month/day/year (01/03/2026 = 3 January)</source>
      <translation>月/日/年（01/03/2026 = 1 月 3 日）</translation>
    </message>
  </context>
  <context>
    <name>LostDialog</name>
    <message>
      <source>&amp;Reason</source>
      <translation>原因(&amp;R)</translation>
    </message>
    <message>
      <source>Lost &amp;on</source>
      <translation>流失日期(&amp;O)</translation>
    </message>
    <message>
      <source>Mark lost — %1</source>
      <translation>标记为流失 — %1</translation>
    </message>
    <message>
      <source>The customer leaves the board but stays in search and the customer list.</source>
      <translation>该客户将从看板移除，但仍可在搜索和客户列表中找到。</translation>
    </message>
    <message>
      <source>Why was the customer lost? e.g. budget cut</source>
      <translation>客户为什么流失？例如：预算削减</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>&amp;About mycrm</source>
      <translation>关于 mycrm(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Backups…</source>
      <translation>备份(&amp;B)…</translation>
    </message>
    <message>
      <source>&amp;Customer</source>
      <translation>客户(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Data</source>
      <translation>数据(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Export…</source>
      <translation>导出(&amp;E)…</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>&amp;Import from CSV or Excel…</source>
      <translation>从 CSV 或 Excel 导入(&amp;I)…</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>设置(&amp;S)…</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>撤销(&amp;U)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>About mycrm</source>
      <translation>关于 mycrm</translation>
    </message>
    <message>
      <source>C&amp;heck database</source>
      <translation>检查数据库(&amp;H)</translation>
    </message>
    <message>
      <source>Data file: %1</source>
      <translation>数据文件：%1</translation>
    </message>
    <message>
      <source>Explore the &amp;sample portfolio</source>
      <translation>浏览示例客户数据(&amp;S)</translation>
    </message>
    <message>
      <source>Export to &amp;calendar (ICS)…</source>
      <translation>导出到日历（ICS）(&amp;C)…</translation>
    </message>
    <message>
      <source>Navigation</source>
      <translation>导航</translation>
    </message>
    <message>
      <source>Nothing to undo.</source>
      <translation>没有可撤销的操作。</translation>
    </message>
    <message>
      <source>Open &amp;my data</source>
      <translation>打开我的数据(&amp;M)</translation>
    </message>
    <message>
      <source>Open my data</source>
      <translation>打开我的数据</translation>
    </message>
    <message>
      <source>P&amp;hone access…</source>
      <translation>手机访问(&amp;H)…</translation>
    </message>
    <message>
      <source>Restored.</source>
      <translation>已恢复。</translation>
    </message>
    <message>
      <source>The contact is back.</source>
      <translation>联系人已恢复。</translation>
    </message>
    <message>
      <source>The move is undone: back in the column it came from.</source>
      <translation>已撤销移动：客户已回到原来的列。</translation>
    </message>
    <message>
      <source>The need is back.</source>
      <translation>需求已恢复。</translation>
    </message>
    <message>
      <source>The service record is back.</source>
      <translation>服务记录已恢复。</translation>
    </message>
    <message>
      <source>The to-do is back.</source>
      <translation>待办已恢复。</translation>
    </message>
    <message>
      <source>You are exploring the sample portfolio. Your own data is in a separate file and is not touched.</source>
      <translation>你正在浏览示例客户数据。你自己的数据保存在另一个文件中，不会受到影响。</translation>
    </message>
    <message>
      <source>mycrm %1 — a private CRM for renewals and after-sales service.

Your data file: %2</source>
      <translation>mycrm %1 — 面向续费和售后服务的私人 CRM。

你的数据文件：%2</translation>
    </message>
    <message>
      <source>mycrm — sample portfolio</source>
      <translation>mycrm — 示例客户数据</translation>
    </message>
  </context>
  <context>
    <name>MappingModel</name>
    <message>
      <source>Column in the file</source>
      <translation>文件中的列</translation>
    </message>
    <message>
      <source>Example</source>
      <translation>示例</translation>
    </message>
    <message>
      <source>Imported as</source>
      <translation>导入为</translation>
    </message>
  </context>
  <context>
    <name>MissedDialog</name>
    <message numerus="yes">
      <source>%n reminder(s) changed since this list was opened and were left as they are.</source>
      <translation>
        <numerusform>有 %n 条提醒在打开此列表后已被修改，未作处理。</numerusform>
      </translation>
    </message>
    <message>
      <source>All:</source>
      <translation>全部：</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>忽略</translation>
    </message>
    <message>
      <source>Dismiss all</source>
      <translation>全部忽略</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Done all</source>
      <translation>全部完成</translation>
    </message>
    <message>
      <source>Missed reminders</source>
      <translation>错过的提醒</translation>
    </message>
    <message>
      <source>Selected:</source>
      <translation>所选：</translation>
    </message>
    <message>
      <source>Snooze</source>
      <translation>稍后提醒</translation>
    </message>
    <message>
      <source>Snooze all</source>
      <translation>全部稍后提醒</translation>
    </message>
    <message>
      <source>These reminders came due without reaching you on time — mycrm was closed, the computer was asleep, or the notification could not be shown.</source>
      <translation>这些提醒到期时没能及时送达 —— 当时 mycrm 未运行、电脑处于睡眠状态，或通知无法显示。</translation>
    </message>
    <message numerus="yes">
      <source>… and %n more (the All buttons act on them too)</source>
      <translation>
        <numerusform>…… 另有 %n 条（“全部”按钮也会作用于它们）</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>NeedEditor</name>
    <message>
      <source>&amp;Amount</source>
      <translation>金额(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Detail</source>
      <translation>详情(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Follow up on</source>
      <translation>跟进日期(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Status</source>
      <translation>状态(&amp;S)</translation>
    </message>
    <message>
      <source>&amp;Title</source>
      <translation>标题(&amp;T)</translation>
    </message>
    <message>
      <source>Capture a need — %1</source>
      <translation>记录潜在需求 — %1</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete this need?</source>
      <translation>删除此需求？</translation>
    </message>
    <message>
      <source>Edit need — %1</source>
      <translation>编辑需求 — %1</translation>
    </message>
    <message>
      <source>Estimated amount, e.g. 30000</source>
      <translation>预估金额，例如：30000</translation>
    </message>
    <message>
      <source>YYYY-MM-DD — a reminder at 9:00 that day</source>
      <translation>YYYY-MM-DD，当天 9:00 提醒</translation>
    </message>
    <message>
      <source>e.g. Wants SSO for 200 more seats</source>
      <translation>例如：希望为新增的 200 个席位开通 SSO</translation>
    </message>
  </context>
  <context>
    <name>NeedsPage</name>
    <message numerus="yes">
      <source>%n need(s)</source>
      <translation>
        <numerusform>%n 条需求</numerusform>
      </translation>
    </message>
    <message>
      <source>All</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Captured</source>
      <translation>记录日期</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Dropped</source>
      <translation>已放弃</translation>
    </message>
    <message>
      <source>Follow up</source>
      <translation>跟进日期</translation>
    </message>
    <message>
      <source>Need</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>潜在需求</translation>
    </message>
    <message>
      <source>No needs here yet — capture one from a customer with Ctrl+Shift+N.</source>
      <translation>这里还没有需求。在客户页面按 Ctrl+Shift+N 即可记录。</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>跟进中</translation>
    </message>
    <message>
      <source>Show needs with status</source>
      <translation>按状态显示需求</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Status:</source>
      <translation>状态：</translation>
    </message>
    <message>
      <source>Won</source>
      <translation>已成交</translation>
    </message>
  </context>
  <context>
    <name>PhoneAccessDialog</name>
    <message>
      <source> min</source>
      <translation> 分钟</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Address:</source>
      <translation>地址：</translation>
    </message>
    <message>
      <source>Certificate fingerprint (SHA-256): %1</source>
      <translation>证书指纹（SHA-256）：%1</translation>
    </message>
    <message>
      <source>Code valid for %1:%2</source>
      <translation>配对码有效期还剩 %1:%2</translation>
    </message>
    <message>
      <source>Keep on (also after a restart of mycrm)</source>
      <translation>保持开启（mycrm 重启后也开启）</translation>
    </message>
    <message>
      <source>Let my phone reach mycrm on this network</source>
      <translation>允许我的手机通过这个网络访问 mycrm</translation>
    </message>
    <message>
      <source>New code</source>
      <translation>新的配对码</translation>
    </message>
    <message>
      <source>No network</source>
      <translation>没有网络</translation>
    </message>
    <message>
      <source>No phone yet? Check:
• the phone is on the same Wi-Fi as this laptop — not a guest network, which keeps devices apart;
• the laptop's firewall allows mycrm (answer its prompt, or allow the port);
• no VPN is on, on the phone or the laptop;
• or try another address below.</source>
      <translation>手机还没连上？请检查：
• 手机和这台电脑连着同一个 Wi-Fi——不要用访客网络，访客网络会隔离设备；
• 电脑的防火墙允许 mycrm（在弹出的提示中允许，或放行这个端口）；
• 手机和电脑上都没有开着 VPN；
• 或者在下面换一个地址试试。</translation>
    </message>
    <message>
      <source>Options</source>
      <translation>选项</translation>
    </message>
    <message>
      <source>Paired phones</source>
      <translation>已配对的手机</translation>
    </message>
    <message>
      <source>Paired: %1</source>
      <translation>已配对：%1</translation>
    </message>
    <message>
      <source>Pairing QR code</source>
      <translation>配对二维码</translation>
    </message>
    <message>
      <source>Phone access</source>
      <translation>手机访问</translation>
    </message>
    <message>
      <source>Phone access is off.</source>
      <translation>手机访问已关闭。</translation>
    </message>
    <message>
      <source>Plain HTTP: no certificate.</source>
      <translation>普通 HTTP：没有证书。</translation>
    </message>
    <message>
      <source>Scan the code with the phone's camera: its browser opens mycrm, already paired. Nothing listens on the network while this is off.</source>
      <translation>用手机相机扫描二维码：手机浏览器会打开 mycrm，并已完成配对。关闭时，mycrm 不会在网络上监听任何连接。</translation>
    </message>
    <message>
      <source>That setting is out of range.</source>
      <translation>这个设置超出了允许的范围。</translation>
    </message>
    <message>
      <source>The code was used. “New code” pairs another phone.</source>
      <translation>这个配对码已经用过了。点“新的配对码”可以再配对一部手机。</translation>
    </message>
    <message>
      <source>The first time, the phone says the connection is not private. That is expected: this laptop made its own certificate. Check that the fingerprint the phone shows begins like the one above, then choose Advanced → Proceed.</source>
      <translation>第一次连接时，手机会提示“连接不是私密连接”。这是正常的：证书是这台电脑自己生成的。请核对手机上显示的指纹开头与上面的一致，然后选择“高级”→“继续前往”。</translation>
    </message>
    <message>
      <source>This code has expired.</source>
      <translation>这个配对码已过期。</translation>
    </message>
    <message>
      <source>Turn off after quiet minutes</source>
      <translation>无人使用多少分钟后关闭</translation>
    </message>
    <message>
      <source>Turn off after quiet:</source>
      <translation>无人使用后关闭：</translation>
    </message>
    <message>
      <source>Use plain HTTP (no certificate warning)</source>
      <translation>使用普通 HTTP（没有证书警告）</translation>
    </message>
    <message>
      <source>Waiting for a phone…</source>
      <translation>正在等待手机…</translation>
    </message>
    <message>
      <source>Without HTTPS, anyone on this network can read what the phone and laptop say, customer data included. Use it only on a network you trust.</source>
      <translation>不使用 HTTPS 时，这个网络上的任何人都能看到手机和电脑之间传输的内容，包括客户数据。只在你信任的网络上使用。</translation>
    </message>
  </context>
  <context>
    <name>PhonesList</name>
    <message>
      <source>Last seen</source>
      <translation>最近使用</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>No phone is paired yet. Turn on phone access and scan the QR code with the phone's camera.</source>
      <translation>还没有配对的手机。打开手机访问，用手机相机扫描二维码。</translation>
    </message>
    <message>
      <source>Paired on</source>
      <translation>配对时间</translation>
    </message>
    <message>
      <source>Paired phones</source>
      <translation>已配对的手机</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>手机</translation>
    </message>
    <message>
      <source>Remove %1? It will no longer reach mycrm; to use it again, pair it again with a new QR code.</source>
      <translation>删除 %1？它将无法再访问 mycrm；要再次使用，需要用新的二维码重新配对。</translation>
    </message>
    <message>
      <source>Remove phone</source>
      <translation>删除手机</translation>
    </message>
    <message>
      <source>Remove…</source>
      <translation>删除…</translation>
    </message>
  </context>
  <context>
    <name>PortfolioPanel</name>
    <message>
      <source>Amount (thousands)</source>
      <translation>金额（千）</translation>
    </message>
    <message>
      <source>Customers renewing</source>
      <translation>到期客户数</translation>
    </message>
    <message>
      <source>Renewal rate (12 months): %1% — %2 of %3 renewed</source>
      <translation>续费率（12 个月）：%1%，%3 个合同中已续费 %2 个</translation>
    </message>
    <message>
      <source>Renewal rate (12 months): no contract came up yet</source>
      <translation>续费率（12 个月）：尚无到期合同</translation>
    </message>
    <message>
      <source>Renewals by month</source>
      <translation>每月续费</translation>
    </message>
    <message>
      <source>Renewals due in the next 12 months</source>
      <translation>未来 12 个月内到期的续费</translation>
    </message>
  </context>
  <context>
    <name>PreviewModel</name>
    <message>
      <source>Added to the company above</source>
      <translation>添加到上方公司</translation>
    </message>
    <message>
      <source>Already in mycrm</source>
      <translation>已在 mycrm 中</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Company</source>
      <translation>公司</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contact of the company on line %1</source>
      <translation>第 %1 行公司的联系人</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Line</source>
      <translation>行</translation>
    </message>
    <message>
      <source>Looks like “%2” on line %1 — its contact is added there</source>
      <translation>与第 %1 行的“%2”相似 —— 联系人将添加到该客户</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新客户</translation>
    </message>
    <message>
      <source>Renewal date</source>
      <translation>续约日期</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Same as “%1” — only new contacts are added</source>
      <translation>与“%1”相同，只添加新联系人</translation>
    </message>
    <message>
      <source>Skipped</source>
      <translation>已跳过</translation>
    </message>
  </context>
  <context>
    <name>RecordEditor</name>
    <message>
      <source>&amp;Add a to-do</source>
      <translation>添加待办(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Attendees</source>
      <translation>参与人(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Discussion</source>
      <translation>讨论内容(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Kind</source>
      <translation>类型(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;Next steps</source>
      <translation>下一步(&amp;N)</translation>
    </message>
    <message>
      <source>&amp;When</source>
      <translation>时间(&amp;W)</translation>
    </message>
    <message>
      <source>Add a to-do (Ctrl+Shift+T)</source>
      <translation>添加待办（Ctrl+Shift+T）</translation>
    </message>
    <message>
      <source>Contacts…</source>
      <translation>联系人…</translation>
    </message>
    <message>
      <source>Customer &amp;feedback</source>
      <translation>客户反馈(&amp;F)</translation>
    </message>
    <message>
      <source>Delete record</source>
      <translation>删除记录</translation>
    </message>
    <message>
      <source>Delete this service record?</source>
      <translation>删除此服务记录？</translation>
    </message>
    <message>
      <source>Edit record — %1</source>
      <translation>编辑记录 — %1</translation>
    </message>
    <message>
      <source>Log a record — %1</source>
      <translation>新建记录 — %1</translation>
    </message>
    <message>
      <source>Pick contacts or type names, separated by ,</source>
      <translation>选择联系人或输入姓名，用 , 分隔</translation>
    </message>
    <message>
      <source>Reminder: %1</source>
      <translation>提醒：%1</translation>
    </message>
    <message>
      <source>Remove this to-do</source>
      <translation>移除此待办</translation>
    </message>
    <message>
      <source>Title: %1</source>
      <translation>标题：%1</translation>
    </message>
    <message>
      <source>To-do title</source>
      <translation>待办标题</translation>
    </message>
    <message>
      <source>To-do, e.g. Send the SSO proposal</source>
      <translation>待办，例如：发送 SSO 方案</translation>
    </message>
    <message>
      <source>To-dos from this record</source>
      <translation>由此记录产生的待办</translation>
    </message>
    <message>
      <source>What happens next</source>
      <translation>下一步做什么</translation>
    </message>
    <message>
      <source>What the customer said</source>
      <translation>客户说了什么</translation>
    </message>
    <message>
      <source>What was discussed</source>
      <translation>讨论了什么</translation>
    </message>
  </context>
  <context>
    <name>ReminderField</name>
    <message>
      <source>In 1 month</source>
      <translation>1 个月后</translation>
    </message>
    <message>
      <source>Next week</source>
      <translation>下周</translation>
    </message>
    <message>
      <source>No reminder</source>
      <translation>不提醒</translation>
    </message>
    <message>
      <source>No reminder — or YYYY-MM-DD HH:MM</source>
      <translation>不提醒，或输入 YYYY-MM-DD HH:MM</translation>
    </message>
    <message>
      <source>Pick</source>
      <translation>选择</translation>
    </message>
    <message>
      <source>Quick picks: tomorrow 9:00, next week, in 1 month</source>
      <translation>快捷选项：明天 9:00、下周、1 个月后</translation>
    </message>
    <message>
      <source>Reminder date and time</source>
      <translation>提醒日期和时间</translation>
    </message>
    <message>
      <source>Tomorrow 9:00</source>
      <translation>明天 9:00</translation>
    </message>
  </context>
  <context>
    <name>ReminderPopup</name>
    <message>
      <source>&amp;Done</source>
      <translation>完成(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Snooze</source>
      <translation>稍后提醒(&amp;S)</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Open &amp;customer</source>
      <translation>打开客户(&amp;C)</translation>
    </message>
    <message>
      <source>Reminder</source>
      <translation>提醒</translation>
    </message>
  </context>
  <context>
    <name>ReminderServices</name>
    <message>
      <source>Reminders paused until %1.</source>
      <translation>提醒已暂停，直到 %1。</translation>
    </message>
  </context>
  <context>
    <name>RenewalDialog</name>
    <message>
      <source>&amp;Amount</source>
      <translation>金额(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Signed on</source>
      <translation>签约日期(&amp;S)</translation>
    </message>
    <message>
      <source>Current end</source>
      <translation>当前到期日</translation>
    </message>
    <message>
      <source>New &amp;end date</source>
      <translation>新到期日(&amp;E)</translation>
    </message>
    <message>
      <source>Record a renewal — %1</source>
      <translation>登记续费 — %1</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>Could not change starting at login: %1</source>
      <translation>无法更改登录时启动设置：%1</translation>
    </message>
    <message>
      <source>Data file:</source>
      <translation>数据文件：</translation>
    </message>
    <message>
      <source>Do not disturb from</source>
      <translation>免打扰开始时间</translation>
    </message>
    <message>
      <source>Do not disturb until</source>
      <translation>免打扰结束时间</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Language:</source>
      <translation>语言：</translation>
    </message>
    <message>
      <source>On this system the installer sets up starting at login.</source>
      <translation>在此系统上，登录时启动由安装程序设置。</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <source>Paired phones:</source>
      <translation>已配对的手机：</translation>
    </message>
    <message>
      <source>Phone access…</source>
      <translation>手机访问…</translation>
    </message>
    <message>
      <source>Play a sound with each reminder</source>
      <translation>每次提醒时播放提示音</translation>
    </message>
    <message>
      <source>Reminders due in these hours are shown when they end.</source>
      <translation>在此时段内到期的提醒会在时段结束时显示。</translation>
    </message>
    <message>
      <source>Reminders:</source>
      <translation>提醒：</translation>
    </message>
    <message>
      <source>Revisit customers every:</source>
      <translation>客户回访周期：</translation>
    </message>
    <message>
      <source>Revisit period</source>
      <translation>回访周期</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Start mycrm when I log in</source>
      <translation>登录时启动 mycrm</translation>
    </message>
    <message>
      <source>System language</source>
      <translation>跟随系统语言</translation>
    </message>
    <message>
      <source>To keep your data elsewhere, move the file and start mycrm --data PATH.</source>
      <translation>如需将数据存放到其他位置，请移动该文件，并用 mycrm --data PATH 启动。</translation>
    </message>
    <message>
      <source>to</source>
      <translation>至</translation>
    </message>
  </context>
  <context>
    <name>TodoDelegate</name>
    <message>
      <source>Snooze ▾</source>
      <translation>稍后提醒 ▾</translation>
    </message>
  </context>
  <context>
    <name>TodoEditor</name>
    <message>
      <source>&amp;Reminder</source>
      <translation>提醒(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Title</source>
      <translation>标题(&amp;T)</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete this to-do?</source>
      <translation>删除此待办？</translation>
    </message>
    <message>
      <source>Edit to-do</source>
      <translation>编辑待办</translation>
    </message>
    <message>
      <source>N&amp;otes</source>
      <translation>备注(&amp;O)</translation>
    </message>
    <message>
      <source>New to-do</source>
      <translation>新建待办</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>What needs doing, e.g. Send the renewal quote</source>
      <translation>要做什么，例如：发送续费报价</translation>
    </message>
  </context>
  <context>
    <name>TodoListModel</name>
    <message numerus="yes">
      <source>Show more (%n not shown yet)</source>
      <translation>
        <numerusform>显示更多（还有 %n 条未显示）</numerusform>
      </translation>
    </message>
    <message>
      <source>done %1</source>
      <translation>完成于 %1</translation>
    </message>
  </context>
  <context>
    <name>TodosPage</name>
    <message numerus="yes">
      <source>%n open to-do(s)</source>
      <translation>
        <numerusform>%n 项未完成待办</numerusform>
      </translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>All customers</source>
      <translation>所有客户</translation>
    </message>
    <message>
      <source>Customer:</source>
      <translation>客户：</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message numerus="yes">
      <source>Done recently (%n)</source>
      <translation>
        <numerusform>最近完成（%n）</numerusform>
      </translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <source>Filter by customer</source>
      <translation>按客户筛选</translation>
    </message>
    <message>
      <source>Filter by text</source>
      <translation>按文字筛选</translation>
    </message>
    <message>
      <source>Filter to-dos…</source>
      <translation>筛选待办…</translation>
    </message>
    <message>
      <source>Marked done.</source>
      <translation>已标记为完成。</translation>
    </message>
    <message>
      <source>New to-do title</source>
      <translation>新待办标题</translation>
    </message>
    <message numerus="yes">
      <source>No date (%n)</source>
      <translation>
        <numerusform>无日期（%n）</numerusform>
      </translation>
    </message>
    <message>
      <source>No to-dos match the filter.</source>
      <translation>没有符合筛选条件的待办。</translation>
    </message>
    <message>
      <source>No to-dos yet — type one above and press Enter, or add one from a customer.</source>
      <translation>还没有待办。在上方输入后按 Enter，或在客户页面添加。</translation>
    </message>
    <message>
      <source>Open customer</source>
      <translation>打开客户</translation>
    </message>
    <message numerus="yes">
      <source>Overdue (%n)</source>
      <translation>
        <numerusform>已逾期（%n）</numerusform>
      </translation>
    </message>
    <message>
      <source>Quick to-do — type and press Enter</source>
      <translation>快速待办：输入后按 Enter</translation>
    </message>
    <message>
      <source>Remind me</source>
      <translation>提醒我</translation>
    </message>
    <message>
      <source>Reminder time</source>
      <translation>提醒时间</translation>
    </message>
    <message>
      <source>Snooze</source>
      <translation>稍后提醒</translation>
    </message>
    <message>
      <source>The to-dos could not be filtered; see the log.</source>
      <translation>无法筛选待办事项，详情见日志。</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
    <message numerus="yes">
      <source>Today (%n)</source>
      <translation>
        <numerusform>今天（%n）</numerusform>
      </translation>
    </message>
    <message>
      <source>Type what there is to do first.</source>
      <translation>请先输入待办内容。</translation>
    </message>
    <message numerus="yes">
      <source>Upcoming (%n)</source>
      <translation>
        <numerusform>即将到来（%n）</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TrayController</name>
    <message>
      <source>&amp;Done</source>
      <translation>完成(&amp;D)</translation>
    </message>
    <message>
      <source>&amp;Open</source>
      <translation>打开(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Open mycrm</source>
      <translation>打开 mycrm(&amp;O)</translation>
    </message>
    <message>
      <source>&amp;Pause reminders for 1 hour</source>
      <translation>暂停提醒 1 小时(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>No reminders today</source>
      <translation>今天没有提醒</translation>
    </message>
    <message>
      <source>No system tray here: reminders only arrive while mycrm is open (closing the window minimises it).</source>
      <translation>此系统没有系统托盘：只有在 mycrm 打开时才会收到提醒（关闭窗口会将其最小化）。</translation>
    </message>
    <message>
      <source>P&amp;hone access: on…</source>
      <translation>手机访问：已开启(&amp;H)…</translation>
    </message>
    <message>
      <source>P&amp;hone access…</source>
      <translation>手机访问(&amp;H)…</translation>
    </message>
    <message>
      <source>Reminders need mycrm open: it was minimised, not closed. Use File ▸ Quit to quit.</source>
      <translation>提醒需要 mycrm 保持运行：窗口已最小化，并未关闭。如需退出，请使用“文件 ▸ 退出”。</translation>
    </message>
    <message>
      <source>Snooze: %1</source>
      <translation>稍后提醒：%1</translation>
    </message>
    <message>
      <source>Today's &amp;reminders</source>
      <translation>今日提醒(&amp;R)</translation>
    </message>
    <message>
      <source>mycrm keeps running in the tray so your reminders arrive. Use Quit in the tray menu to close it.</source>
      <translation>mycrm 会在系统托盘中继续运行，以便按时提醒。如需关闭，请使用托盘菜单中的“退出”。</translation>
    </message>
  </context>
  <context>
    <name>WelcomeDialog</name>
    <message>
      <source>Explore the sample portfolio</source>
      <translation>浏览示例客户数据</translation>
    </message>
    <message>
      <source>Keep every renewal, visit and promise to your customers in one private place on this computer.

Start with an empty portfolio, or explore a realistic sample first — the sample lives in its own file and never mixes with your data.</source>
      <translation>把每一次续费、拜访和对客户的承诺，都集中保存在这台电脑上的私人空间里。

你可以从空白数据开始，也可以先浏览一份真实感十足的示例。示例数据保存在单独的文件中，绝不会与你的数据混在一起。</translation>
    </message>
    <message>
      <source>Start empty</source>
      <translation>从空白开始</translation>
    </message>
    <message>
      <source>Welcome to mycrm</source>
      <translation>欢迎使用 mycrm</translation>
    </message>
  </context>
  <context>
    <name>actions</name>
    <message>
      <source>Capture need</source>
      <translation>记录需求</translation>
    </message>
    <message>
      <source>Edit customer</source>
      <translation>编辑客户</translation>
    </message>
    <message>
      <source>Edit need</source>
      <translation>编辑需求</translation>
    </message>
    <message>
      <source>Edit record</source>
      <translation>编辑记录</translation>
    </message>
    <message>
      <source>Edit to-do</source>
      <translation>编辑待办</translation>
    </message>
    <message>
      <source>Log visit</source>
      <translation>记录拜访</translation>
    </message>
    <message>
      <source>Mark lost</source>
      <translation>标记为流失</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>新建客户</translation>
    </message>
    <message>
      <source>New to-do</source>
      <translation>新建待办</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Open to-do</source>
      <translation>打开待办</translation>
    </message>
    <message>
      <source>QBR report</source>
      <translation>QBR 报告</translation>
    </message>
    <message>
      <source>Record renewal</source>
      <translation>登记续费</translation>
    </message>
    <message>
      <source>Work report</source>
      <translation>工作报告</translation>
    </message>
  </context>
  <context>
    <name>application</name>
    <message>
      <source>Backing up your data before quitting…</source>
      <translation>正在备份数据，完成后退出…</translation>
    </message>
  </context>
  <context>
    <name>calendar</name>
    <message>
      <source>%1 (overdue)</source>
      <translation>%1（已逾期）</translation>
    </message>
    <message>
      <source>%1 — %2</source>
      <translation>%1 — %2</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
      <source>%n overdue</source>
      <translation>
        <numerusform>%n 项逾期</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s)</source>
      <translation>
        <numerusform>%n 项续费</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n to-do(s)</source>
      <translation>
        <numerusform>%n 项待办</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n visit(s)</source>
      <translation>
        <numerusform>%n 次拜访</numerusform>
      </translation>
    </message>
    <message>
      <source>Drag onto another day to move the reminder; Enter opens it.</source>
      <translation>拖到另一天可移动提醒；按 Enter 打开。</translation>
    </message>
    <message>
      <source>Enter opens the customer.</source>
      <translation>按 Enter 打开客户。</translation>
    </message>
    <message>
      <source>Renewal: %1</source>
      <translation>续费到期：%1</translation>
    </message>
    <message>
      <source>To-do: %1</source>
      <translation>待办：%1</translation>
    </message>
  </context>
  <context>
    <name>calendar_actions</name>
    <message>
      <source>%1 renews on %2</source>
      <translation>%1 将于 %2 到期续费</translation>
    </message>
    <message numerus="yes">
      <source>%n event(s) exported to %1</source>
      <translation>
        <numerusform>已导出 %n 个事件到 %1</numerusform>
      </translation>
    </message>
    <message>
      <source>Could not update the calendar file %1: %2</source>
      <translation>无法更新日历文件 %1：%2</translation>
    </message>
    <message>
      <source>Could not write %1: %2</source>
      <translation>无法写入 %1：%2</translation>
    </message>
    <message>
      <source>Customer: %1</source>
      <translation>客户：%1</translation>
    </message>
    <message>
      <source>Export to calendar (ICS)</source>
      <translation>导出到日历（ICS）</translation>
    </message>
    <message>
      <source>Keep this file up to date after every change</source>
      <translation>每次更改后自动更新此文件</translation>
    </message>
    <message>
      <source>Renewal dates (all-day, with an alarm before) and to-dos with a reminder time will be written to the file. Import it in your calendar, or subscribe to it from a synced folder.</source>
      <translation>到期日（全天事件，并提前提醒）和设置了提醒时间的待办将写入该文件。可将其导入日历，或从同步文件夹中订阅。</translation>
    </message>
    <message>
      <source>Renewal: %1</source>
      <translation>续费到期：%1</translation>
    </message>
    <message>
      <source>Tier %1</source>
      <translation>%1 级</translation>
    </message>
    <message>
      <source>iCalendar files (*.ics)</source>
      <translation>iCalendar 文件 (*.ics)</translation>
    </message>
    <message>
      <source>mycrm renewals and reminders</source>
      <translation>mycrm 续费与提醒</translation>
    </message>
  </context>
  <context>
    <name>cli</name>
    <message>
      <source>%1 has a header but no rows</source>
      <translation>%1 只有表头，没有数据行</translation>
    </message>
    <message>
      <source>%1 rows: %2 new customers, %3 already in mycrm, %4 more people of a company above, %5 with errors.</source>
      <translation>共 %1 行：新客户 %2 个，已在 mycrm 中 %3 个，上方某公司的其他联系人 %4 位，有错误 %5 行。</translation>
    </message>
    <message>
      <source>%1: skipped — %2</source>
      <translation>%1：跳过 —— %2</translation>
    </message>
    <message>
      <source>%1: “%2” is already in mycrm as “%3”; only missing contacts will be added</source>
      <translation>%1：“%2”已在 mycrm 中（“%3”）；只添加缺少的联系人</translation>
    </message>
    <message>
      <source>%1: “%2” looks like “%3” (%4); its contact is added there</source>
      <translation>%1：“%2”与“%3”（%4）相似；联系人将添加到该客户</translation>
    </message>
    <message>
      <source>--map: the file has no column “%1”</source>
      <translation>--map：文件中没有“%1”这一列</translation>
    </message>
    <message>
      <source>--map: “%1” is not COLUMN=FIELD</source>
      <translation>--map：“%1”不是“列=字段”的形式</translation>
    </message>
    <message>
      <source>--map: “%1” is not a field (fields: %2)</source>
      <translation>--map：“%1”不是字段（可用字段：%2）</translation>
    </message>
    <message>
      <source>--to is before --from</source>
      <translation>--to 早于 --from</translation>
    </message>
    <message>
      <source>A mycrm export: %1.</source>
      <translation>mycrm 导出文件：%1。</translation>
    </message>
    <message>
      <source>Change it with --map "COLUMN=FIELD,...".</source>
      <translation>可用 --map "列=字段,..." 修改。</translation>
    </message>
    <message>
      <source>Column names on row %1.</source>
      <translation>列名在第 %1 行。</translation>
    </message>
    <message>
      <source>Columns (guessed):</source>
      <translation>各列（自动识别）：</translation>
    </message>
    <message>
      <source>Columns (the mapping used last time for these headers):</source>
      <translation>各列（沿用上次这些列名的对应关系）：</translation>
    </message>
    <message>
      <source>Hidden sheets not read: %1 (choose one with --sheet).</source>
      <translation>未读取隐藏的工作表：%1（可用 --sheet 指定）。</translation>
    </message>
    <message>
      <source>Import now? [y/N] </source>
      <translation>现在导入吗？[y/N] </translation>
    </message>
    <message>
      <source>Imported: %1 new customers, %2 contacts added, %3 rows skipped.</source>
      <translation>已导入：新客户 %1 个，添加联系人 %2 位，跳过 %3 行。</translation>
    </message>
    <message>
      <source>Importing: %1 of %2 rows (%3 %)</source>
      <translation>正在导入：第 %1 行，共 %2 行（%3%）</translation>
    </message>
    <message>
      <source>Load it now? [y/N] </source>
      <translation>现在载入吗？[y/N] </translation>
    </message>
    <message>
      <source>Loaded: %1</source>
      <translation>已载入：%1</translation>
    </message>
    <message>
      <source>Not imported: %1</source>
      <translation>不导入：%1</translation>
    </message>
    <message>
      <source>Nothing imported.</source>
      <translation>未导入任何内容。</translation>
    </message>
    <message>
      <source>Sheet “%1”, column names on row %2.</source>
      <translation>工作表“%1”，列名在第 %2 行。</translation>
    </message>
    <message>
      <source>Wrote %1</source>
      <translation>已写入 %1</translation>
    </message>
    <message>
      <source>a mycrm export is only loaded into an empty data file; use --data with a new file</source>
      <translation>mycrm 导出文件只能载入空的数据文件；请用 --data 指定一个新文件</translation>
    </message>
    <message>
      <source>give both --from and --to</source>
      <translation>请同时给出 --from 和 --to</translation>
    </message>
    <message>
      <source>give one of --week, --month or --from/--to</source>
      <translation>请给出 --week、--month 或 --from/--to 之一</translation>
    </message>
    <message>
      <source>kept in the notes as “%1: value”</source>
      <translation>以“%1: 值”保存在备注中</translation>
    </message>
    <message>
      <source>no customer matches “%1”</source>
      <translation>没有客户与“%1”匹配</translation>
    </message>
    <message>
      <source>no row can be imported</source>
      <translation>没有可导入的行</translation>
    </message>
    <message>
      <source>not imported</source>
      <translation>不导入</translation>
    </message>
    <message>
      <source>not imported (empty)</source>
      <translation>不导入（空列）</translation>
    </message>
    <message>
      <source>“%1” is not a date such as 2026-09-01</source>
      <translation>“%1”不是 2026-09-01 这样的日期</translation>
    </message>
    <message>
      <source>“%1” is not a week such as 2026-W48 or a month such as 2026-11</source>
      <translation>“%1”不是 2026-W48 这样的周或 2026-11 这样的月份</translation>
    </message>
    <message>
      <source>“%1” matches several customers; give more of the name:</source>
      <translation>“%1”与多个客户匹配；请给出更完整的名称：</translation>
    </message>
  </context>
  <context>
    <name>dashboard</name>
    <message>
      <source>%1 / %2</source>
      <translation>%1 / %2</translation>
    </message>
    <message>
      <source>%1 more</source>
      <translation>还差 %1</translation>
    </message>
    <message numerus="yes">
      <source>%n more QBR(s)</source>
      <translation>
        <numerusform>还差 %n 次 QBR</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more need(s)</source>
      <translation>
        <numerusform>还差 %n 条需求</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more renewal(s)</source>
      <translation>
        <numerusform>还差 %n 笔续费</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more visit(s)</source>
      <translation>
        <numerusform>还差 %n 次拜访</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open complaint(s)</source>
      <translation>
        <numerusform>%n 个未解决的投诉</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n overdue to-do(s)</source>
      <translation>
        <numerusform>%n 项逾期待办</numerusform>
      </translation>
    </message>
    <message>
      <source>At risk</source>
      <translation>有风险</translation>
    </message>
    <message>
      <source>Back to To contact by the revisit rule</source>
      <translation>按回访规则退回“待联系”</translation>
    </message>
    <message>
      <source>New needs</source>
      <translation>新增需求</translation>
    </message>
    <message>
      <source>No target yet</source>
      <translation>尚未设定目标</translation>
    </message>
    <message>
      <source>Overdue since %1</source>
      <translation>自 %1 起逾期</translation>
    </message>
    <message>
      <source>Overdue to-do</source>
      <translation>逾期待办</translation>
    </message>
    <message>
      <source>Period ended</source>
      <translation>周期已结束</translation>
    </message>
    <message>
      <source>QBRs</source>
      <translation>QBR</translation>
    </message>
    <message>
      <source>Reminder at %1</source>
      <translation>%1 提醒</translation>
    </message>
    <message>
      <source>Reminder today</source>
      <translation>今日提醒</translation>
    </message>
    <message>
      <source>Renewal amount</source>
      <translation>续费金额</translation>
    </message>
    <message>
      <source>Renewal, not visited</source>
      <translation>临近续费，尚未拜访</translation>
    </message>
    <message>
      <source>Renewals signed</source>
      <translation>已签续费</translation>
    </message>
    <message>
      <source>Target reached</source>
      <translation>已达成目标</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>This quarter</source>
      <translation>本季度</translation>
    </message>
    <message>
      <source>This year</source>
      <translation>本年</translation>
    </message>
    <message>
      <source>Time to revisit</source>
      <translation>该回访了</translation>
    </message>
    <message>
      <source>Visits</source>
      <translation>拜访</translation>
    </message>
    <message>
      <source>behind pace</source>
      <translation>落后于进度节奏</translation>
    </message>
    <message numerus="yes">
      <source>in %n day(s)</source>
      <translation>
        <numerusform>剩余 %n 天</numerusform>
      </translation>
    </message>
    <message>
      <source>never visited</source>
      <translation>从未拜访</translation>
    </message>
    <message numerus="yes">
      <source>no visit for %n day(s)</source>
      <translation>
        <numerusform>%n 天未拜访</numerusform>
      </translation>
    </message>
    <message>
      <source>not visited this cycle</source>
      <translation>本周期未拜访</translation>
    </message>
    <message numerus="yes">
      <source>renewal %n day(s) overdue</source>
      <translation>
        <numerusform>续费已逾期 %n 天</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>renews in %n day(s)</source>
      <translation>
        <numerusform>%n 天后到期</numerusform>
      </translation>
    </message>
    <message>
      <source>renews today</source>
      <translation>今天到期</translation>
    </message>
  </context>
  <context>
    <name>data_actions</name>
    <message>
      <source>Check database</source>
      <translation>检查数据库</translation>
    </message>
    <message>
      <source>Export all data</source>
      <translation>导出全部数据</translation>
    </message>
    <message>
      <source>Export failed</source>
      <translation>导出失败</translation>
    </message>
    <message>
      <source>Export finished</source>
      <translation>导出完成</translation>
    </message>
    <message>
      <source>Import customers</source>
      <translation>导入客户</translation>
    </message>
    <message>
      <source>JSON document (*.json);;CSV files, one per table (*.csv)</source>
      <translation>JSON 文档 (*.json);;CSV 文件，每个表一个 (*.csv)</translation>
    </message>
    <message>
      <source>Spreadsheets (*.csv *.xlsx *.txt);;All files (*)</source>
      <translation>电子表格 (*.csv *.xlsx *.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>The export could not be written.

%1</source>
      <translation>无法写入导出文件。

%1</translation>
    </message>
    <message>
      <source>Your data file has problems:

%1

Restore a recent backup from Data → Backups.</source>
      <translation>数据文件存在问题：

%1

请通过“数据 → 备份”恢复最近的备份。</translation>
    </message>
    <message>
      <source>Your data file is healthy.</source>
      <translation>数据文件状态良好。</translation>
    </message>
    <message>
      <source>Your data was exported to %1.</source>
      <translation>数据已导出到 %1。</translation>
    </message>
  </context>
  <context>
    <name>errors</name>
    <message>
      <source>Something went wrong</source>
      <translation>出错了</translation>
    </message>
    <message>
      <source>mycrm hit an unexpected problem. Your saved data is safe; the last action may not have been completed. The details were written to the log file.</source>
      <translation>mycrm 遇到了意外问题。已保存的数据是安全的，但最后一次操作可能未完成。详细信息已写入日志文件。</translation>
    </message>
  </context>
  <context>
    <name>fmt</name>
    <message>
      <source>%1 %</source>
      <translation>%1%</translation>
    </message>
    <message numerus="yes">
      <source>%n day(s) overdue</source>
      <translation>
        <numerusform>已逾期 %n 天</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open to-do(s)</source>
      <translation>
        <numerusform>%n 项未完成待办</numerusform>
      </translation>
    </message>
    <message>
      <source>Last visit: %1</source>
      <translation>上次拜访：%1</translation>
    </message>
    <message>
      <source>Last visit: never</source>
      <translation>上次拜访：从未</translation>
    </message>
    <message>
      <source>Renewal: %1 · %2</source>
      <translation>到期日：%1 · %2</translation>
    </message>
    <message>
      <source>Renewal: no date</source>
      <translation>到期日：未设置</translation>
    </message>
    <message numerus="yes">
      <source>in %n day(s)</source>
      <translation>
        <numerusform>%n 天后</numerusform>
      </translation>
    </message>
    <message>
      <source>no renewal date</source>
      <translation>无到期日</translation>
    </message>
    <message>
      <source>today</source>
      <translation>今天</translation>
    </message>
  </context>
  <context>
    <name>forms</name>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>You can undo with Ctrl+Z.</source>
      <translation>可以按 Ctrl+Z 撤销。</translation>
    </message>
  </context>
  <context>
    <name>import_dialog</name>
    <message>
      <source>%1 holds control or text-direction characters</source>
      <translation>%1 含有控制字符或文字方向字符</translation>
    </message>
    <message>
      <source>%1 is missing</source>
      <translation>缺少%1</translation>
    </message>
    <message>
      <source>%1 is negative</source>
      <translation>%1为负数</translation>
    </message>
    <message>
      <source>%1 is not a currency code: “%2”</source>
      <translation>%1不是货币代码：“%2”</translation>
    </message>
    <message>
      <source>%1 is not a date: “%2”</source>
      <translation>%1不是日期：“%2”</translation>
    </message>
    <message>
      <source>%1 is not a known value: “%2”</source>
      <translation>%1不是可识别的值：“%2”</translation>
    </message>
    <message>
      <source>%1 is not an amount: “%2”</source>
      <translation>%1不是金额：“%2”</translation>
    </message>
    <message>
      <source>%1 is not an e-mail address: “%2”</source>
      <translation>%1不是电子邮件地址：“%2”</translation>
    </message>
    <message>
      <source>%1 is not valid</source>
      <translation>%1无效</translation>
    </message>
    <message>
      <source>%1 is too far from today: “%2”</source>
      <translation>%1离今天太远：“%2”</translation>
    </message>
    <message>
      <source>%1 is too large</source>
      <translation>%1太大</translation>
    </message>
    <message>
      <source>%1 is too long</source>
      <translation>%1太长</translation>
    </message>
    <message>
      <source>%1 “%2” is not understood — imported without it</source>
      <translation>无法识别%1“%2” —— 导入时略过该项</translation>
    </message>
    <message>
      <source>%1: %3 — imported without it</source>
      <translation>%1：%3 —— 导入时略过该项</translation>
    </message>
    <message>
      <source>%path has no header row</source>
      <translation>%path 没有表头行</translation>
    </message>
    <message>
      <source>%path has no visible sheet</source>
      <translation>%path 没有可见的工作表</translation>
    </message>
    <message>
      <source>%path is not a readable Excel .xlsx file</source>
      <translation>%path 不是可读取的 Excel .xlsx 文件</translation>
    </message>
    <message>
      <source>(ignore)</source>
      <translation>（忽略）</translation>
    </message>
    <message>
      <source>(keep in notes)</source>
      <translation>（保存在备注中）</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Amount “%2” is ambiguous (1.2万 or 12万?) — imported without an amount</source>
      <translation>金额“%2”有歧义（1.2万还是12万？）—— 导入时不含金额</translation>
    </message>
    <message>
      <source>Amount “%2” is not understood — imported without an amount</source>
      <translation>无法识别金额“%2” —— 导入时不含金额</translation>
    </message>
    <message>
      <source>City</source>
      <translation>城市</translation>
    </message>
    <message>
      <source>Company</source>
      <translation>公司</translation>
    </message>
    <message>
      <source>Contact name</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Country</source>
      <translation>国家/地区</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>电子邮件</translation>
    </message>
    <message>
      <source>First name</source>
      <translation>名</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Job title</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>Last name</source>
      <translation>姓</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Renewal date</source>
      <translation>续约日期</translation>
    </message>
    <message>
      <source>Renewal date “%2” is not understood — imported without a renewal date</source>
      <translation>无法识别续约日期“%2” —— 导入时不含续约日期</translation>
    </message>
    <message>
      <source>Second phone</source>
      <translation>第二电话</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>WeChat</source>
      <translation>微信</translation>
    </message>
    <message>
      <source>Website</source>
      <translation>网站</translation>
    </message>
    <message>
      <source>cannot read %path: %reason</source>
      <translation>无法读取 %path：%reason</translation>
    </message>
    <message>
      <source>cannot read %path: no such file</source>
      <translation>无法读取 %path：文件不存在</translation>
    </message>
    <message>
      <source>row %1</source>
      <translation>第 %1 行</translation>
    </message>
    <message>
      <source>row %row is empty or missing</source>
      <translation>第 %row 行为空或不存在</translation>
    </message>
    <message>
      <source>sheet “%1”, row %2</source>
      <translation>工作表“%1”第 %2 行</translation>
    </message>
    <message>
      <source>the CSV file is malformed: %reason</source>
      <translation>CSV 文件格式有误：%reason</translation>
    </message>
    <message>
      <source>the file has more than %max cells; remove the columns you do not need</source>
      <translation>文件超过 %max 个单元格；请删去不需要的列</translation>
    </message>
    <message>
      <source>the file has more than %max rows; split it into smaller files</source>
      <translation>文件超过 %max 行；请拆分成几个较小的文件</translation>
    </message>
    <message>
      <source>the file is not a text (CSV) file</source>
      <translation>该文件不是文本（CSV）文件</translation>
    </message>
    <message>
      <source>the file is not readable as %encoding</source>
      <translation>无法按 %encoding 读取该文件</translation>
    </message>
    <message>
      <source>the file is too large to import (%size MB; at most %max MB)</source>
      <translation>文件太大，无法导入（%size MB；最多 %max MB）</translation>
    </message>
    <message>
      <source>there is no sheet “%sheet” (sheets: %sheets)</source>
      <translation>没有名为“%sheet”的工作表（现有：%sheets）</translation>
    </message>
  </context>
  <context>
    <name>labels</name>
    <message>
      <source>%1 · from the phone</source>
      <translation>%1 · 来自手机</translation>
    </message>
    <message>
      <source>%1 → %2</source>
      <translation>%1 → %2</translation>
    </message>
    <message>
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <source>Attendees: %1</source>
      <translation>参与人：%1</translation>
    </message>
    <message>
      <source>Back on the board</source>
      <translation>已放回看板</translation>
    </message>
    <message>
      <source>Because %1</source>
      <translation>原因：%1</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Choose a date between %1 and %2.</source>
      <translation>请选择 %1 到 %2 之间的日期。</translation>
    </message>
    <message>
      <source>Choose a valid date and time.</source>
      <translation>请选择有效的日期和时间。</translation>
    </message>
    <message>
      <source>Customer added</source>
      <translation>已添加客户</translation>
    </message>
    <message>
      <source>Dropped</source>
      <translation>已放弃</translation>
    </message>
    <message>
      <source>Everything</source>
      <translation>全部</translation>
    </message>
    <message>
      <source>Feedback: %1</source>
      <translation>反馈：%1</translation>
    </message>
    <message>
      <source>In touch</source>
      <translation>已初步沟通</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>三个月以后</translation>
    </message>
    <message>
      <source>Marked lost</source>
      <translation>已标记为流失</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Need %1: %2</source>
      <translation>需求%1：%2</translation>
    </message>
    <message>
      <source>Need captured: %1</source>
      <translation>已记录需求：%1</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Next steps: %1</source>
      <translation>下一步：%1</translation>
    </message>
    <message>
      <source>No date</source>
      <translation>无日期</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>跟进中</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>QBR</source>
      <translation>QBR</translation>
    </message>
    <message>
      <source>Remove the control or text-direction characters (they can make the text show differently from what it says).</source>
      <translation>请删除控制字符或文字方向字符（它们会让文字显示得与实际内容不同）。</translation>
    </message>
    <message>
      <source>Renewals</source>
      <translation>续费</translation>
    </message>
    <message>
      <source>Renewed until %1</source>
      <translation>已续费至 %1</translation>
    </message>
    <message>
      <source>Service records</source>
      <translation>服务记录</translation>
    </message>
    <message>
      <source>Signed %1 · %2</source>
      <translation>签约于 %1 · %2</translation>
    </message>
    <message>
      <source>State changes</source>
      <translation>阶段变更</translation>
    </message>
    <message>
      <source>The amount cannot be negative.</source>
      <translation>金额不能为负数。</translation>
    </message>
    <message>
      <source>The amount is too large.</source>
      <translation>金额过大。</translation>
    </message>
    <message>
      <source>The end date must be after the start date.</source>
      <translation>结束日期必须晚于开始日期。</translation>
    </message>
    <message>
      <source>This field is required.</source>
      <translation>此项为必填项。</translation>
    </message>
    <message>
      <source>To contact</source>
      <translation>待联系</translation>
    </message>
    <message>
      <source>To-do added: %1</source>
      <translation>已添加待办：%1</translation>
    </message>
    <message>
      <source>To-do done: %1</source>
      <translation>已完成待办：%1</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>Too long: at most %1 characters.</source>
      <translation>太长了：最多 %1 个字符。</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>拜访</translation>
    </message>
    <message>
      <source>Visited</source>
      <translation>已拜访</translation>
    </message>
    <message>
      <source>Within a month</source>
      <translation>一个月内</translation>
    </message>
    <message>
      <source>Within a week</source>
      <translation>一周内</translation>
    </message>
    <message>
      <source>Within three months</source>
      <translation>三个月内</translation>
    </message>
    <message>
      <source>Won</source>
      <translation>已成交</translation>
    </message>
    <message>
      <source>a %1 was logged</source>
      <translation>记录了一次%1</translation>
    </message>
    <message>
      <source>moved by hand</source>
      <translation>手动移动</translation>
    </message>
    <message>
      <source>the last visit (%1) is %2 or more days ago — time to visit again</source>
      <translation>上次拜访（%1）已过去 %2 天或更久，该再次拜访了</translation>
    </message>
    <message>
      <source>“%1” is not a currency code. Use three letters, e.g. CNY or EUR.</source>
      <translation>“%1”不是货币代码。请使用三个字母，例如 CNY 或 EUR。</translation>
    </message>
    <message>
      <source>“%1” is not a valid date and time. Use YYYY-MM-DD HH:MM, e.g. 2026-12-01 09:00.</source>
      <translation>“%1”不是有效的日期和时间。请使用 YYYY-MM-DD HH:MM 格式，例如 2026-12-01 09:00。</translation>
    </message>
    <message>
      <source>“%1” is not a valid date. Use a real day such as 2026-03-01.</source>
      <translation>“%1”不是有效的日期。请输入真实存在的日期，例如 2026-03-01。</translation>
    </message>
    <message>
      <source>“%1” is not an amount. Type digits, e.g. 12000 or 12,000.50.</source>
      <translation>“%1”不是金额。请输入数字，例如 12000 或 12,000.50。</translation>
    </message>
    <message>
      <source>“%1” is not an e-mail address.</source>
      <translation>“%1”不是邮箱地址。</translation>
    </message>
    <message>
      <source>“%1” is not one of the choices.</source>
      <translation>“%1”不是可选项之一。</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <source>Board</source>
      <translation>看板</translation>
    </message>
    <message>
      <source>Calendar</source>
      <translation>日历</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Home</source>
      <translation>首页</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>潜在需求</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
  </context>
  <context>
    <name>phone</name>
    <message>
      <source>1 hour</source>
      <translation>1 小时</translation>
    </message>
    <message>
      <source>10 min</source>
      <translation>10 分钟</translation>
    </message>
    <message>
      <source>A pairing code works once and for five minutes. On the laptop, show a new QR code in Phone access and scan it again.</source>
      <translation>配对码只能使用一次，五分钟内有效。请在电脑的“手机访问”中生成新的二维码，再扫描一次。</translation>
    </message>
    <message>
      <source>A to-do without a customer</source>
      <translation>不关联客户的待办</translation>
    </message>
    <message>
      <source>Add a to-do</source>
      <translation>添加待办</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Archived</source>
      <translation>已归档</translation>
    </message>
    <message>
      <source>Attendees</source>
      <translation>参与人</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <source>Back on the board</source>
      <translation>回到看板</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Cannot be negative</source>
      <translation>不能为负数</translation>
    </message>
    <message>
      <source>Capture a need</source>
      <translation>记录潜在需求</translation>
    </message>
    <message>
      <source>Check that the phone is on the same Wi-Fi as the laptop and that phone access is on.</source>
      <translation>请确认手机和电脑连着同一个 Wi-Fi，并且电脑上已打开手机访问。</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contract</source>
      <translation>合同金额</translation>
    </message>
    <message>
      <source>Customer added</source>
      <translation>添加了客户</translation>
    </message>
    <message>
      <source>Customer feedback</source>
      <translation>客户反馈</translation>
    </message>
    <message>
      <source>Customers</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Due today and overdue</source>
      <translation>今天到期与已逾期</translation>
    </message>
    <message>
      <source>Follow up on</source>
      <translation>跟进日期</translation>
    </message>
    <message>
      <source>For which customer?</source>
      <translation>为哪个客户？</translation>
    </message>
    <message>
      <source>Holds invisible control or text-direction characters</source>
      <translation>含有不可见的控制字符或文字方向字符</translation>
    </message>
    <message>
      <source>In touch</source>
      <translation>已初步沟通</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次拜访</translation>
    </message>
    <message>
      <source>Log a visit / QBR</source>
      <translation>记录拜访 / QBR</translation>
    </message>
    <message>
      <source>Marked done</source>
      <translation>已标为完成</translation>
    </message>
    <message>
      <source>Marked lost</source>
      <translation>标为流失</translation>
    </message>
    <message>
      <source>Meeting</source>
      <translation>会议</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Must be after the current end date</source>
      <translation>必须晚于当前到期日</translation>
    </message>
    <message>
      <source>Need</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Need captured</source>
      <translation>记录了需求</translation>
    </message>
    <message>
      <source>Need closed</source>
      <translation>需求已关闭</translation>
    </message>
    <message>
      <source>Never</source>
      <translation>从未</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新建</translation>
    </message>
    <message>
      <source>New end date</source>
      <translation>新的到期日</translation>
    </message>
    <message>
      <source>New entry</source>
      <translation>新建记录</translation>
    </message>
    <message>
      <source>Next steps</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>No contacts yet</source>
      <translation>还没有联系人</translation>
    </message>
    <message>
      <source>No customer found</source>
      <translation>没有找到客户</translation>
    </message>
    <message>
      <source>No open needs</source>
      <translation>没有进行中的需求</translation>
    </message>
    <message>
      <source>No open to-dos</source>
      <translation>没有未完成的待办</translation>
    </message>
    <message>
      <source>No overdue to-dos and no reminders left for today.</source>
      <translation>没有逾期待办，今天也没有剩下的提醒。</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Not a currency code (three letters, e.g. CNY)</source>
      <translation>不是货币代码（三个字母，例如 CNY）</translation>
    </message>
    <message>
      <source>Not a real date</source>
      <translation>不是有效的日期</translation>
    </message>
    <message>
      <source>Not a real date and time</source>
      <translation>不是有效的日期和时间</translation>
    </message>
    <message>
      <source>Not a valid choice</source>
      <translation>不是有效的选项</translation>
    </message>
    <message>
      <source>Not an amount</source>
      <translation>不是有效的金额</translation>
    </message>
    <message>
      <source>Not an e-mail address</source>
      <translation>不是有效的邮箱地址</translation>
    </message>
    <message>
      <source>Not understood</source>
      <translation>无法识别</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Nothing due</source>
      <translation>没有待办到期</translation>
    </message>
    <message>
      <source>Nothing recorded yet</source>
      <translation>还没有任何记录</translation>
    </message>
    <message>
      <source>On the laptop, turn on Phone access (Settings or the tray menu) and scan the QR code with this phone's camera.</source>
      <translation>请在电脑上打开“手机访问”（设置或托盘菜单），用这部手机的相机扫描二维码。</translation>
    </message>
    <message>
      <source>Open needs</source>
      <translation>进行中的需求</translation>
    </message>
    <message>
      <source>Open to-dos</source>
      <translation>未完成的待办</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>已逾期</translation>
    </message>
    <message>
      <source>Please check the highlighted fields.</source>
      <translation>请检查标出的字段。</translation>
    </message>
    <message>
      <source>QBR</source>
      <translation>QBR</translation>
    </message>
    <message>
      <source>Recent activity</source>
      <translation>最近动态</translation>
    </message>
    <message>
      <source>Record a renewal</source>
      <translation>记录续约</translation>
    </message>
    <message>
      <source>Remind me at</source>
      <translation>提醒时间</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Renewal</source>
      <translation>续约日期</translation>
    </message>
    <message>
      <source>Renewed until</source>
      <translation>续约至</translation>
    </message>
    <message>
      <source>Renews {date}</source>
      <translation>{date} 续约</translation>
    </message>
    <message>
      <source>Required</source>
      <translation>必填</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>已保存</translation>
    </message>
    <message>
      <source>Search name, contact, phone…</source>
      <translation>搜索名称、联系人、电话…</translation>
    </message>
    <message>
      <source>Signed on</source>
      <translation>签约日期</translation>
    </message>
    <message>
      <source>Snooze</source>
      <translation>稍后提醒</translation>
    </message>
    <message>
      <source>Snoozed</source>
      <translation>已推迟提醒</translation>
    </message>
    <message>
      <source>State changed</source>
      <translation>状态变更</translation>
    </message>
    <message>
      <source>The kept entry was sent to the laptop</source>
      <translation>留存的记录已发送到电脑</translation>
    </message>
    <message>
      <source>The laptop cannot be reached</source>
      <translation>连不上电脑</translation>
    </message>
    <message>
      <source>The laptop cannot be reached. One entry is kept on this phone; it will be sent when the laptop is back.</source>
      <translation>连不上电脑。有 1 条记录留在这台手机上，电脑恢复连接后会自动发送。</translation>
    </message>
    <message>
      <source>The laptop cannot be reached. {n} entries are kept on this phone; they will be sent when it is back.</source>
      <translation>连不上电脑。{n} 条记录暂存在这部手机上，恢复连接后会自动发送。</translation>
    </message>
    <message>
      <source>The laptop cannot be reached: kept on this phone, it will be sent when the laptop is back.</source>
      <translation>连不上电脑：已保存在这部手机上，电脑恢复连接后会自动发送。</translation>
    </message>
    <message>
      <source>The laptop could not save this.</source>
      <translation>电脑没能保存这条记录。</translation>
    </message>
    <message>
      <source>This customer or to-do is no longer on the laptop.</source>
      <translation>电脑上已没有这个客户或待办。</translation>
    </message>
    <message>
      <source>This pairing link no longer works</source>
      <translation>这个配对链接已失效</translation>
    </message>
    <message>
      <source>This phone is no longer paired. On the laptop, open Phone access and scan the QR code again. Unsent entries stay here.</source>
      <translation>这部手机已不再配对。请在电脑上打开“手机访问”，重新扫描二维码。未发送的记录仍保留在手机上。</translation>
    </message>
    <message>
      <source>This phone is not paired</source>
      <translation>这部手机尚未配对</translation>
    </message>
    <message>
      <source>Tier {tier}</source>
      <translation>{tier} 级</translation>
    </message>
    <message>
      <source>To contact</source>
      <translation>待联系</translation>
    </message>
    <message>
      <source>To-do</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>To-do added</source>
      <translation>添加了待办</translation>
    </message>
    <message>
      <source>To-do done</source>
      <translation>完成了待办</translation>
    </message>
    <message>
      <source>To-dos from this visit</source>
      <translation>本次拜访的待办</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Tomorrow 9:00</source>
      <translation>明天 9:00</translation>
    </message>
    <message>
      <source>Too far from today</source>
      <translation>离今天太远</translation>
    </message>
    <message>
      <source>Too large</source>
      <translation>太大了</translation>
    </message>
    <message>
      <source>Too long</source>
      <translation>太长了</translation>
    </message>
    <message>
      <source>Too many attempts: wait a minute.</source>
      <translation>尝试次数太多：请等一分钟。</translation>
    </message>
    <message>
      <source>Try part of the name, a contact or a phone number.</source>
      <translation>试试名称的一部分、联系人或电话号码。</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>拜访</translation>
    </message>
    <message>
      <source>Visited</source>
      <translation>已拜访</translation>
    </message>
    <message>
      <source>WeChat: {id}</source>
      <translation>微信：{id}</translation>
    </message>
    <message>
      <source>What was discussed</source>
      <translation>沟通内容</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>due today</source>
      <translation>今天到期</translation>
    </message>
    <message>
      <source>follow up {date}</source>
      <translation>{date} 跟进</translation>
    </message>
    <message>
      <source>from the phone</source>
      <translation>来自手机</translation>
    </message>
    <message>
      <source>mycrm</source>
      <translation>mycrm</translation>
    </message>
    <message>
      <source>{field}: {error}</source>
      <translation>{field}：{error}</translation>
    </message>
    <message>
      <source>{n} d left</source>
      <translation>还剩 {n} 天</translation>
    </message>
    <message>
      <source>{n} d overdue</source>
      <translation>已过期 {n} 天</translation>
    </message>
    <message>
      <source>{n} kept entries sent to the laptop</source>
      <translation>已把暂存的 {n} 条记录发送到电脑</translation>
    </message>
    <message>
      <source>“{what}” was not saved: open it to fix it.</source>
      <translation>“{what}”没有保存：请打开修改。</translation>
    </message>
  </context>
  <context>
    <name>phone_access</name>
    <message>
      <source>%1 (%2)</source>
      <translation>%1（%2）</translation>
    </message>
    <message>
      <source>%1 (%2, %3)</source>
      <translation>%1（%2，%3）</translation>
    </message>
    <message>
      <source>Docker</source>
      <translation>Docker</translation>
    </message>
    <message>
      <source>No free port on %1. Close the program using it and try again.</source>
      <translation>%1 上没有空闲端口。请关闭占用端口的程序后重试。</translation>
    </message>
    <message>
      <source>Phone access could not listen on %1 (the network may have changed). Choose another address and try again.</source>
      <translation>手机访问无法在 %1 上监听（网络可能已变化）。请换一个地址后重试。</translation>
    </message>
    <message>
      <source>Phone access could not make its certificate. Try plain HTTP in Phone access, or see the log file.</source>
      <translation>手机访问无法生成证书。可以在手机访问中改用普通 HTTP，或查看日志文件。</translation>
    </message>
    <message>
      <source>Phone access on — %1</source>
      <translation>手机访问已开启 — %1</translation>
    </message>
    <message>
      <source>Phone access stopped unexpectedly. Turn it on again, or see the log file.</source>
      <translation>手机访问意外停止。请重新开启，或查看日志文件。</translation>
    </message>
    <message>
      <source>This laptop is not on a network. Connect to the Wi-Fi the phone uses, then turn phone access on again.</source>
      <translation>这台电脑没有连接网络。请连接手机所用的 Wi-Fi，然后重新打开手机访问。</translation>
    </message>
    <message>
      <source>VPN</source>
      <translation>VPN</translation>
    </message>
    <message>
      <source>this network</source>
      <translation>本网络</translation>
    </message>
    <message>
      <source>virtual machine</source>
      <translation>虚拟机</translation>
    </message>
  </context>
  <context>
    <name>recovery</name>
    <message>
      <source>%1 is a folder, not a data file. Choose a file in it, for example mycrm.sqlite.</source>
      <translation>%1 是文件夹，不是数据文件。请选择其中的文件，例如 mycrm.sqlite。</translation>
    </message>
    <message>
      <source>A backup is made first. On a large file this takes a few seconds; please wait.</source>
      <translation>会先备份数据文件。文件较大时需要几秒钟，请稍候。</translation>
    </message>
    <message>
      <source>Cannot open the data file</source>
      <translation>无法打开数据文件</translation>
    </message>
    <message>
      <source>Changes made with the newer version will not be in it.</source>
      <translation>该备份不包含用新版本所做的更改。</translation>
    </message>
    <message>
      <source>Open a mycrm data file</source>
      <translation>打开 mycrm 数据文件</translation>
    </message>
    <message>
      <source>Open another file…</source>
      <translation>打开其他文件…</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Restore failed</source>
      <translation>恢复失败</translation>
    </message>
    <message>
      <source>Restore newest backup</source>
      <translation>恢复最新备份</translation>
    </message>
    <message>
      <source>The backup could not be restored. Your file has not been changed.

%1</source>
      <translation>无法恢复备份。你的文件未被更改。

%1</translation>
    </message>
    <message>
      <source>The data file %1 belongs to another user account. Open it as that user, or open a copy you own.</source>
      <translation>数据文件 %1 属于另一个用户账户。请以该用户身份打开，或打开一份属于你的副本。</translation>
    </message>
    <message>
      <source>The data file %1 cannot be opened.</source>
      <translation>无法打开数据文件 %1。</translation>
    </message>
    <message>
      <source>The data file %1 is damaged and cannot be opened safely.</source>
      <translation>数据文件 %1 已损坏，无法安全打开。</translation>
    </message>
    <message>
      <source>The data file %1 is empty (0 bytes), although mycrm has backups of it. Something outside mycrm emptied it.</source>
      <translation>数据文件 %1 是空的（0 字节），但 mycrm 有它的备份。是 mycrm 以外的程序清空了它。</translation>
    </message>
    <message>
      <source>The data file %1 is read-only. mycrm needs to save changes in it; make it writable, or open a copy.</source>
      <translation>数据文件 %1 是只读的。mycrm 需要在其中保存更改；请将其设为可写，或打开一份副本。</translation>
    </message>
    <message>
      <source>The data file %1 was saved by a newer version of mycrm. Update mycrm to open it.</source>
      <translation>数据文件 %1 由更新版本的 mycrm 保存。请更新 mycrm 后再打开。</translation>
    </message>
    <message>
      <source>The file %1 is not a mycrm data file.</source>
      <translation>文件 %1 不是 mycrm 数据文件。</translation>
    </message>
    <message>
      <source>The folder for the data file %1 does not exist and cannot be created. Is its drive connected?</source>
      <translation>数据文件 %1 所在的文件夹不存在，也无法创建。它所在的磁盘连接了吗？</translation>
    </message>
    <message>
      <source>The folder of the data file %1 is read-only. mycrm needs to save its working files and backups there.</source>
      <translation>数据文件 %1 所在的文件夹是只读的。mycrm 需要在那里保存工作文件和备份。</translation>
    </message>
    <message>
      <source>The newest good backup is from %1. Restoring it keeps the current file beside it, renamed, untouched.</source>
      <translation>最新的可用备份来自 %1。恢复后，当前文件会重命名并原样保留在旁边。</translation>
    </message>
    <message>
      <source>There is no backup to restore.</source>
      <translation>没有可恢复的备份。</translation>
    </message>
    <message>
      <source>Updating your data file for this version of mycrm…</source>
      <translation>正在为此版本的 mycrm 更新你的数据文件…</translation>
    </message>
    <message>
      <source>mycrm data files (*.sqlite *.db);;All files (*)</source>
      <translation>mycrm 数据文件 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
      <source>mycrm has not changed this file.</source>
      <translation>mycrm 未更改此文件。</translation>
    </message>
  </context>
  <context>
    <name>reminders</name>
    <message numerus="yes">
      <source>%n h ago</source>
      <translation>
        <numerusform>%n 小时前</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n min ago</source>
      <translation>
        <numerusform>%n 分钟前</numerusform>
      </translation>
    </message>
    <message>
      <source>1 hour</source>
      <translation>1 小时</translation>
    </message>
    <message>
      <source>10 minutes</source>
      <translation>10 分钟</translation>
    </message>
    <message>
      <source>Customer: %1</source>
      <translation>客户：%1</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Due %1, %2</source>
      <translation>%1 到期，%2</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Reminder: %1</source>
      <translation>提醒：%1</translation>
    </message>
    <message>
      <source>Snooze 10 min</source>
      <translation>10 分钟后再提醒</translation>
    </message>
    <message>
      <source>To-do reminder</source>
      <translation>待办提醒</translation>
    </message>
    <message>
      <source>Tomorrow 9:00</source>
      <translation>明天 9:00</translation>
    </message>
  </context>
  <context>
    <name>report_dialog</name>
    <message>
      <source>Chosen days</source>
      <translation>指定日期</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Copied as Markdown.</source>
      <translation>已复制为 Markdown。</translation>
    </message>
    <message>
      <source>Copied as text.</source>
      <translation>已复制为文本。</translation>
    </message>
    <message>
      <source>Copy as Markdown</source>
      <translation>复制为 Markdown</translation>
    </message>
    <message>
      <source>Copy as text</source>
      <translation>复制为文本</translation>
    </message>
    <message>
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <source>Last month</source>
      <translation>上月</translation>
    </message>
    <message>
      <source>Last week</source>
      <translation>上周</translation>
    </message>
    <message>
      <source>Markdown (*.md)</source>
      <translation>Markdown (*.md)</translation>
    </message>
    <message>
      <source>PDF document (*.pdf)</source>
      <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>期间</translation>
    </message>
    <message>
      <source>Preview</source>
      <translation>预览</translation>
    </message>
    <message>
      <source>QBR report — %1</source>
      <translation>QBR 报告 —— %1</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>报告</translation>
    </message>
    <message>
      <source>Report not saved</source>
      <translation>报告未保存</translation>
    </message>
    <message>
      <source>Save as PDF…</source>
      <translation>另存为 PDF…</translation>
    </message>
    <message>
      <source>Save as Word…</source>
      <translation>另存为 Word…</translation>
    </message>
    <message>
      <source>Save the report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>Sections</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>The report could not be written to %1:

%2</source>
      <translation>报告无法写入 %1：

%2</translation>
    </message>
    <message>
      <source>This month</source>
      <translation>本月</translation>
    </message>
    <message>
      <source>This week</source>
      <translation>本周</translation>
    </message>
    <message>
      <source>To</source>
      <translation>到</translation>
    </message>
    <message>
      <source>Word document (*.docx)</source>
      <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
      <source>Work report</source>
      <translation>工作报告</translation>
    </message>
  </context>
  <context>
    <name>reports</name>
    <message>
      <source>%1 – %2</source>
      <translation>%1 – %2</translation>
    </message>
    <message>
      <source>%1 — due %2</source>
      <translation>%1 —— %2 到期</translation>
    </message>
    <message>
      <source>%1 — overdue since %2</source>
      <translation>%1 —— 自 %2 起逾期</translation>
    </message>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n 条记录</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s) signed, %1 in total.</source>
      <translation>
        <numerusform>已签续费 %n 笔，共计 %1。</numerusform>
      </translation>
    </message>
    <message>
      <source>Agreed on %1: %2</source>
      <translation>%1 约定：%2</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Amount per contract</source>
      <translation>各合同金额</translation>
    </message>
    <message>
      <source>At risk, because:</source>
      <translation>有流失风险，原因：</translation>
    </message>
    <message>
      <source>Back to To contact by the revisit rule</source>
      <translation>按回访规则退回“待联系”</translation>
    </message>
    <message>
      <source>Contact</source>
      <translation>联系人</translation>
    </message>
    <message>
      <source>Contract</source>
      <translation>合同</translation>
    </message>
    <message>
      <source>Contract and renewal</source>
      <translation>合同与续费</translation>
    </message>
    <message>
      <source>Current amount</source>
      <translation>当前金额</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>客户</translation>
    </message>
    <message>
      <source>Customer and contacts</source>
      <translation>客户与联系人</translation>
    </message>
    <message>
      <source>Customer feedback</source>
      <translation>客户反馈</translation>
    </message>
    <message>
      <source>Days left</source>
      <translation>剩余天数</translation>
    </message>
    <message>
      <source>Discussed</source>
      <translation>讨论内容</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Done %1</source>
      <translation>%1 完成</translation>
    </message>
    <message>
      <source>Done in this period</source>
      <translation>本期已完成</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>E-mail</source>
      <translation>电子邮件</translation>
    </message>
    <message>
      <source>Figure</source>
      <translation>指标</translation>
    </message>
    <message>
      <source>Figures</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Follow up on</source>
      <translation>跟进日期</translation>
    </message>
    <message>
      <source>From</source>
      <translation>起始日</translation>
    </message>
    <message>
      <source>Goals are set per month, quarter or year: the goals beside this period's figures are those of %1 (%2), as Home shows them.</source>
      <translation>目标按月、季度或年度设定：本期数据旁列出的是 %1（%2）的目标，与首页显示的一致。</translation>
    </message>
    <message>
      <source>Goals for the year</source>
      <translation>年度目标</translation>
    </message>
    <message>
      <source>Industry</source>
      <translation>行业</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Kind · attendees</source>
      <translation>类型 · 参加人</translation>
    </message>
    <message>
      <source>Last QBR's commitments</source>
      <translation>上次 QBR 的承诺</translation>
    </message>
    <message>
      <source>Last visit</source>
      <translation>上次拜访</translation>
    </message>
    <message>
      <source>Lost on</source>
      <translation>流失日期</translation>
    </message>
    <message>
      <source>Month goal %1</source>
      <translation>月度目标 %1</translation>
    </message>
    <message>
      <source>Monthly report</source>
      <translation>月报</translation>
    </message>
    <message>
      <source>Need</source>
      <translation>需求</translation>
    </message>
    <message>
      <source>Needs</source>
      <translation>潜在需求</translation>
    </message>
    <message>
      <source>New contract</source>
      <translation>新合同</translation>
    </message>
    <message>
      <source>New needs</source>
      <translation>新增需求</translation>
    </message>
    <message>
      <source>Next period's plan</source>
      <translation>下期计划</translation>
    </message>
    <message>
      <source>Next steps</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>No QBR recorded before the end of this period.</source>
      <translation>本期结束前没有 QBR 记录。</translation>
    </message>
    <message>
      <source>No contact recorded.</source>
      <translation>没有联系人记录。</translation>
    </message>
    <message>
      <source>No contract recorded.</source>
      <translation>没有合同记录。</translation>
    </message>
    <message>
      <source>No customer was put back.</source>
      <translation>没有客户被退回。</translation>
    </message>
    <message>
      <source>No delivered value recorded.</source>
      <translation>尚未记录已交付价值。</translation>
    </message>
    <message>
      <source>No goal recorded for the year.</source>
      <translation>尚未记录年度目标。</translation>
    </message>
    <message>
      <source>No need recorded.</source>
      <translation>没有需求记录。</translation>
    </message>
    <message>
      <source>No new need in this period.</source>
      <translation>本期没有新增需求。</translation>
    </message>
    <message>
      <source>No renewal date in the next period.</source>
      <translation>下期没有到期的续费。</translation>
    </message>
    <message>
      <source>No renewal signed in this period.</source>
      <translation>本期没有签下续费。</translation>
    </message>
    <message>
      <source>No service record in this period.</source>
      <translation>本期没有服务记录。</translation>
    </message>
    <message>
      <source>No to-do is due in the next period.</source>
      <translation>下期没有到期的待办。</translation>
    </message>
    <message>
      <source>No to-do was done in this period.</source>
      <translation>本期没有完成的待办。</translation>
    </message>
    <message>
      <source>No to-do was written with the QBR of %1.</source>
      <translation>%1 的 QBR 没有记下待办。</translation>
    </message>
    <message>
      <source>No visit or QBR in this period.</source>
      <translation>本期没有拜访或 QBR。</translation>
    </message>
    <message>
      <source>Not at risk: no near renewal together with a lapsed visit, an overdue to-do or an open complaint.</source>
      <translation>没有流失风险：没有临近续费且同时久未拜访、待办逾期或有未解决投诉的情况。</translation>
    </message>
    <message>
      <source>Nothing is open.</source>
      <translation>没有未完成的事项。</translation>
    </message>
    <message>
      <source>Nothing is overdue.</source>
      <translation>没有逾期事项。</translation>
    </message>
    <message>
      <source>Nothing planned yet.</source>
      <translation>还没有计划。</translation>
    </message>
    <message>
      <source>Nothing was recorded for this customer in this period.</source>
      <translation>本期没有该客户的任何记录。</translation>
    </message>
    <message>
      <source>Nothing was recorded in this period.</source>
      <translation>本期没有任何记录。</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>未完成</translation>
    </message>
    <message>
      <source>Overdue</source>
      <translation>逾期</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <source>Prepared %1</source>
      <translation>制作于 %1</translation>
    </message>
    <message>
      <source>Promised at the QBR of %1:</source>
      <translation>%1 的 QBR 上承诺：</translation>
    </message>
    <message>
      <source>QBR report</source>
      <translation>QBR 报告</translation>
    </message>
    <message>
      <source>Quarter goal %1</source>
      <translation>季度目标 %1</translation>
    </message>
    <message>
      <source>Reached</source>
      <translation>已达成</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>Renewal</source>
      <translation>续费</translation>
    </message>
    <message>
      <source>Renewal date</source>
      <translation>续约日期</translation>
    </message>
    <message>
      <source>Renewal due</source>
      <translation>到期</translation>
    </message>
    <message>
      <source>Renewal history</source>
      <translation>续费历史</translation>
    </message>
    <message>
      <source>Renewal on %1 (%2)</source>
      <translation>%1 续费（%2）</translation>
    </message>
    <message>
      <source>Renewals coming up</source>
      <translation>即将到期的续费</translation>
    </message>
    <message>
      <source>Renewals signed</source>
      <translation>已签续费</translation>
    </message>
    <message>
      <source>Risk signal</source>
      <translation>风险信号</translation>
    </message>
    <message>
      <source>Service history</source>
      <translation>服务记录</translation>
    </message>
    <message>
      <source>Signed</source>
      <translation>签订日期</translation>
    </message>
    <message>
      <source>Slipped (overdue)</source>
      <translation>延误（已逾期）</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>进展</translation>
    </message>
    <message>
      <source>Still open</source>
      <translation>仍未完成</translation>
    </message>
    <message>
      <source>This period</source>
      <translation>本期</translation>
    </message>
    <message>
      <source>Tier</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>职务</translation>
    </message>
    <message>
      <source>To-do</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>To-dos</source>
      <translation>待办</translation>
    </message>
    <message>
      <source>To-dos completed</source>
      <translation>已完成的待办</translation>
    </message>
    <message>
      <source>To-dos due</source>
      <translation>到期的待办</translation>
    </message>
    <message>
      <source>Until</source>
      <translation>到期日</translation>
    </message>
    <message>
      <source>Value delivered</source>
      <translation>已交付价值</translation>
    </message>
    <message>
      <source>Visits and QBRs</source>
      <translation>拜访与 QBR</translation>
    </message>
    <message>
      <source>Weekly report</source>
      <translation>周报</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Work report</source>
      <translation>工作报告</translation>
    </message>
    <message>
      <source>Year goal %1</source>
      <translation>年度目标 %1</translation>
    </message>
    <message numerus="yes">
      <source>and %n more</source>
      <translation>
        <numerusform>另有 %n 项</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>rules</name>
    <message numerus="yes">
      <source>%n customer(s) due for a revisit moved back to To contact.</source>
      <translation>
        <numerusform>%n 位到期回访的客户已移回“待联系”。</numerusform>
      </translation>
    </message>
    <message>
      <source>Follow up: %1</source>
      <translation>跟进：%1</translation>
    </message>
    <message numerus="yes">
      <source>Moving customers due for a revisit back to To contact: %n so far…</source>
      <translation>
        <numerusform>正在将到期回访的客户移回“待联系”：已处理 %n 位…</numerusform>
      </translation>
    </message>
    <message>
      <source>Plan a visit to %1</source>
      <translation>安排拜访 %1</translation>
    </message>
  </context>
</TS>
