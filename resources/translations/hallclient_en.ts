<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ApplicantPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="63"/>
        <source>自然人</source>
        <translation>Natural person</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="65"/>
        <source>法人/其他组织</source>
        <translation>Legal person / organisation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="67"/>
        <source>申请人类型</source>
        <translation>Applicant type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="72"/>
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="73"/>
        <source>外国人永久居留身份证</source>
        <translation>Foreign permanent resident ID card</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="74"/>
        <source>港澳台居民居住证</source>
        <translation>HK/Macao/Taiwan residence permit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="75"/>
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="76"/>
        <source>其他证件</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="79"/>
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="85"/>
        <location filename="../../src/hallclient/ui/applicant.py" line="237"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="90"/>
        <location filename="../../src/hallclient/ui/applicant.py" line="238"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="95"/>
        <source>不接收短信</source>
        <translation>No SMS</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="97"/>
        <source>勾选后本办件不发任何短信通知（受理、补正、办结、评价邀请等）</source>
        <translation>When ticked, no SMS notice is sent for this case (acceptance, supplement, completion, rating invitation, …)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="102"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="104"/>
        <location filename="../../src/hallclient/ui/applicant.py" line="239"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="107"/>
        <source>法定代表人/经办人</source>
        <translation>Legal representative / handler</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="111"/>
        <source>经办人身份证号</source>
        <translation>Handler&apos;s ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="117"/>
        <source>绿色通道（老年人、残疾人等）</source>
        <translation>Green channel (elderly, disabled)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="205"/>
        <source>证件已过期（有效期至 %1）</source>
        <translation>Card expired (valid until %1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="207"/>
        <source>证件有效期无法识别：%1</source>
        <translation>Unreadable validity date: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="214"/>
        <source>已读卡</source>
        <translation>Card read</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="237"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="238"/>
        <source>单位名称</source>
        <translation>Organisation name</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="239"/>
        <source>单位地址</source>
        <translation>Organisation address</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="262"/>
        <location filename="../../src/hallclient/ui/applicant.py" line="277"/>
        <source>已输入 %1/18 位</source>
        <translation>%1/18 characters typed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="271"/>
        <source>X 只能是最后一位（第 %1 位）</source>
        <translation>X may only be the last character (position %1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="273"/>
        <source>第 %1 位“%2”不是数字</source>
        <translation>Position %1 “%2” is not a digit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="301"/>
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="301"/>
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="302"/>
        <source>%1 · 出生 %2 · %3 岁</source>
        <translation>%1 · born %2 · age %3</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/applicant.py" line="316"/>
        <source>统一社会信用代码有效</source>
        <translation>Credit code valid</translation>
    </message>
</context>
<context>
    <name>Assessment</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="16"/>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="17"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="18"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="19"/>
        <source>所属部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="20"/>
        <source>得分</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="21"/>
        <source>等次</source>
        <translation>Grade</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="22"/>
        <source>奖惩措施</source>
        <translation>Reward / penalty</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="23"/>
        <source>考核对象</source>
        <translation>Assessed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="24"/>
        <source>指标类别</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="25"/>
        <source>指标</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="26"/>
        <source>完成值</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="27"/>
        <source>分值</source>
        <translation>Weight</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="28"/>
        <source>得分</source>
        <comment>indicator points</comment>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="29"/>
        <source>扣分/加分</source>
        <translation>Deducted / added</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="30"/>
        <source>依据条数</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="31"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="32"/>
        <source>依据类型</source>
        <translation>Evidence type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="33"/>
        <source>编号</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="34"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="44"/>
        <source>部门业务</source>
        <translation>Departments</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="45"/>
        <source>人员服务</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="52"/>
        <source>巡查记录</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="53"/>
        <source>明察暗访</source>
        <translation>Mystery visit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="54"/>
        <source>视频抽查</source>
        <translation>Video check</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="61"/>
        <source>有效</source>
        <translation>In force</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="62"/>
        <source>申诉中</source>
        <translation>Appealed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="63"/>
        <source>申诉成立，已撤销</source>
        <translation>Appeal upheld, withdrawn</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="64"/>
        <source>申诉驳回，维持</source>
        <translation>Appeal rejected, kept</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="71"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="72"/>
        <source>检查记录</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="73"/>
        <source>投诉</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="74"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="75"/>
        <source>考勤</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="76"/>
        <source>统计数据</source>
        <translation>Figure</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="82"/>
        <source>未发布（草稿）</source>
        <translation>Draft (not published)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_texts.py" line="83"/>
        <source>已发布 第 %1 版</source>
        <translation>Published, version %1</translation>
    </message>
</context>
<context>
    <name>AssessmentPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="211"/>
        <source>按季度</source>
        <extracomment>Breakdown columns on screen: the exports&apos; declaration without the subject (the selected row says it). Grade colours, best first; a set with fewer grades uses the first and the last ones.</extracomment>
        <translation>Quarterly</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="211"/>
        <source>按月</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="216"/>
        <source>本机</source>
        <translation>This PC</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="217"/>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="365"/>
        <source>全厅（服务器）</source>
        <translation>Whole hall (server)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="221"/>
        <source>本机未登记到服务器（hallclient enroll），只能按本机数据考核</source>
        <translation>This PC is not enrolled with a server (hallclient enroll): only this PC&apos;s data can be assessed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="223"/>
        <source>计算</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="225"/>
        <source>导出 %1…</source>
        <translation>Export %1…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="226"/>
        <source>发布…</source>
        <translation>Publish…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="227"/>
        <source>查看依据…</source>
        <translation>Show evidence…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="228"/>
        <source>得分明细</source>
        <translation>Breakdown</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="312"/>
        <source>正在计算…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="314"/>
        <source>正在计算考核得分…</source>
        <translation>Computing the assessment…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="332"/>
        <source>正在从服务器读取全厅考核…</source>
        <translation>Reading the hall&apos;s assessment from the server…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="341"/>
        <source>计算完成：%1</source>
        <translation>Computed: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="365"/>
        <source>本机数据</source>
        <translation>This PC&apos;s data</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="404"/>
        <source>在左侧选择一行，查看其各项指标得分</source>
        <translation>Select a row on the left to see its points per indicator</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="406"/>
        <source>%1&#x3000;得分 %2&#x3000;%3（第 %4 名）</source>
        <translation>%1&#x3000;score %2&#x3000;%3 (rank %4)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="421"/>
        <source>选择一项指标，查看其扣分或加分的依据</source>
        <translation>Select an indicator to see what was deducted or added and why</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="442"/>
        <source>本项没有扣分或加分依据</source>
        <translation>Nothing deducted or added on this indicator</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="504"/>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="520"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="527"/>
        <source>请先计算一个季度的考核结果，再发布（按月的结果不发布）</source>
        <translation>Compute a quarter first, then publish it (monthly results are not published)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="572"/>
        <source>正在发布…</source>
        <translation>Publishing…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="583"/>
        <source>考核通报</source>
        <comment>export file name</comment>
        <translation>assessment</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="587"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="611"/>
        <source>正在导出 %1…</source>
        <translation>Exporting %1…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="613"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment.py" line="617"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
</context>
<context>
    <name>Assistance</name>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="34"/>
        <source>咨询</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="35"/>
        <source>取号</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="36"/>
        <source>引导</source>
        <translation>Guidance</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="37"/>
        <source>代填</source>
        <translation>Form filling</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="38"/>
        <source>上门</source>
        <translation>Home visit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="45"/>
        <source>，</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="46"/>
        <source>%1 %2 次</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="48"/>
        <source>帮办代办（不含办件）共 %1 次：%2；其中为老年人 %3 次、为残疾人 %4 次</source>
        <translation>Assistance without a case: %1 in all (%2); for elderly people %3, for disabled people %4</translation>
    </message>
</context>
<context>
    <name>AssistanceDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="62"/>
        <source>帮办代办（不含办件）</source>
        <translation>Assistance (no case)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="64"/>
        <source>按数字键选择类型，Enter 记录，Esc 取消</source>
        <translation>Digit keys pick the kind, Enter records, Esc cancels</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="79"/>
        <source>老年人 Alt+L</source>
        <translation>Elderly Alt+L</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="80"/>
        <source>残疾人 Alt+C</source>
        <translation>Disabled Alt+C</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="89"/>
        <source>备注（可不填）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/assistance.py" line="96"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/charts.py" line="41"/>
        <source>无数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>BundleIntakeDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="79"/>
        <source>一件事一次办：%1</source>
        <translation>One-stop bundle: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="85"/>
        <source>【一件事】%1</source>
        <translation>[Bundle] %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="97"/>
        <source>申请人 [F2]</source>
        <translation>Applicant [F2]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="100"/>
        <source>代办人办理（帮办代办）</source>
        <translation>Handled by an agent (assisted)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="102"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="111"/>
        <source>材料清单（各事项共用，每份只收一次；少收重复材料 %1 份）</source>
        <translation>Materials (shared by all matters, each received once; %1 duplicate papers saved)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="120"/>
        <source>各事项办理结果（按所收材料得出，可在法定范围内调整）</source>
        <translation>Outcome per matter (from the materials received; adjustable where the law allows)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="124"/>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="124"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="124"/>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="124"/>
        <source>不予受理理由</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="151"/>
        <source>全部提交 [Ctrl+Enter]</source>
        <translation>Record all [Ctrl+Enter]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="154"/>
        <source>取消 [Esc]</source>
        <translation>Cancel [Esc]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="169"/>
        <source>一件事“%1”中的事项 %2 不存在或已停用，不能办理</source>
        <translation>Matter %2 of bundle “%1” does not exist or is inactive: the bundle cannot be taken in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="206"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="255"/>
        <source>不予受理须写明理由：%1</source>
        <translation>A refusal needs a reason: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="264"/>
        <source>正在保存一件事…</source>
        <translation>Saving the bundle…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="274"/>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
</context>
<context>
    <name>BundlePicker</name>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="285"/>
        <source>一件事一次办</source>
        <translation>One-stop bundles</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="291"/>
        <source>%1（%2 个事项）</source>
        <translation>%1 (%2 matters)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/bundle_intake.py" line="294"/>
        <source>目录中没有一件事</source>
        <translation>The catalog has no bundles</translation>
    </message>
</context>
<context>
    <name>CallingPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="166"/>
        <source>叫号</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="167"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="168"/>
        <source>开始办理</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="169"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="170"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="171"/>
        <source>回呼</source>
        <translation>Call back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="172"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="173"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="174"/>
        <location filename="../../src/hallclient/ui/calling.py" line="662"/>
        <source>暂停服务</source>
        <translation>Pause service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="175"/>
        <source>窗口取号</source>
        <translation>Walk-in ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="176"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="193"/>
        <source>上一个叫号操作尚未完成，请稍候</source>
        <translation>The previous calling action has not finished yet, please wait</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="247"/>
        <source>叫号服务离线：可继续受理，恢复后再叫号</source>
        <translation>Calling service offline: keep receiving applicants, call again once it is back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="251"/>
        <source>当前没有正在叫号或办理的号</source>
        <translation>No ticket is being called or served now</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="265"/>
        <source>请先办结、过号、挂起或转移 %1 号，再叫下一位</source>
        <translation>Finish, no-show, hold or transfer ticket %1 before calling the next</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="295"/>
        <source>%1；未能叫下一位：%2</source>
        <translation>%1; the next ticket could not be called: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="297"/>
        <source>%1；没有等候的号</source>
        <translation>%1; nobody is waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="301"/>
        <source>%1；%2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="310"/>
        <source>没有等候的号</source>
        <translation>Nobody is waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="428"/>
        <source>请先办结、过号、挂起或转移 %1 号，再为现场群众取号</source>
        <translation>Finish, no-show, hold or transfer ticket %1 before taking a walk-in ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="431"/>
        <source>暂停服务中：请先恢复服务，再为现场群众取号</source>
        <translation>Service paused: resume service before taking a walk-in ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="440"/>
        <source>表单中的身份证号无效（%1）：请更正或清空后再取号</source>
        <translation>The ID number in the form is invalid (%1): correct or clear it, then take the ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="455"/>
        <source>尚未从服务器收到 %1 号窗口可办理的业务类别，暂不能窗口取号</source>
        <translation>The categories of window %1 have not arrived from the server yet: no walk-in ticket for now</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="466"/>
        <source>已为现场群众取号 %1（%2），在本窗口办理</source>
        <translation>Walk-in ticket %1 (%2) taken, served at this window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="488"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="491"/>
        <source>预约（%1）已签到：%2 号，在本窗口办理</source>
        <translation>Appointment (%1) checked in: ticket %2, served at this window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="494"/>
        <source>本窗口正在办理 %1 号</source>
        <translation>this window is serving ticket %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="496"/>
        <source>本窗口暂停服务中</source>
        <translation>this window is paused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="498"/>
        <source>本窗口不办理业务类别 %1</source>
        <translation>this window does not serve category %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="499"/>
        <source>预约（%1）已签到：%2 号（%3）排队等候，前面还有 %4 人；%5</source>
        <translation>Appointment (%1) checked in: ticket %2 (%3) waits in the queue, %4 ahead; %5</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="518"/>
        <source>叫号服务离线：%1 号与办件 %2 的关联已保存，恢复后提交</source>
        <translation>Queue service offline: the link of ticket %1 to case %2 is saved and will be sent when it is back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="577"/>
        <source>%1 号已关联办件 %2</source>
        <translation>Ticket %1 linked to case %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="583"/>
        <source>叫号服务离线：%1 个办件关联已保存，恢复后提交</source>
        <translation>Queue service offline: %1 case link(s) saved, to be sent when it is back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="300"/>
        <location filename="../../src/hallclient/ui/calling.py" line="313"/>
        <source>已叫 %1 号，还有 %2 人等候</source>
        <translation>Called ticket %1, %2 still waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="306"/>
        <source>%1 号：%2</source>
        <translation>Ticket %1: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="357"/>
        <source>没有挂起待回呼的号</source>
        <translation>No ticket is on hold to call back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="360"/>
        <source>请先办结、过号、挂起或转移 %1 号，再回呼</source>
        <translation>Finish, no-show, hold or transfer ticket %1 before calling back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="389"/>
        <source>业务类别 %1</source>
        <translation>category %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="391"/>
        <source>%1 号窗口</source>
        <translation>window %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="393"/>
        <source>%1 号已转至%2</source>
        <translation>Ticket %1 transferred to %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="412"/>
        <source>已恢复服务</source>
        <translation>Service resumed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="420"/>
        <source>已暂停服务</source>
        <translation>Service paused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="305"/>
        <source>%1 号已办结，关联办件 %2</source>
        <translation>Ticket %1 finished, linked to case %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="575"/>
        <source>%1 号未能关联办件 %2：%3</source>
        <translation>Ticket %1 could not be linked to case %2: %3</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="635"/>
        <location filename="../../src/hallclient/ui/calling.py" line="699"/>
        <source>叫号服务离线</source>
        <translation>Calling service offline</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="638"/>
        <source>暂停服务中</source>
        <translation>Service paused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="638"/>
        <source>当前无号</source>
        <translation>No current ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="641"/>
        <source>当前 %1 号</source>
        <translation>Current ticket %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="662"/>
        <source>恢复服务</source>
        <translation>Resume service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="674"/>
        <source>等候 %1 分钟</source>
        <translation>waited %1 min</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="677"/>
        <source>已关联办件 %1 件</source>
        <translation>%1 case(s) linked</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="680"/>
        <source>可重呼 %1 次</source>
        <translation>%1 recalls left</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="682"/>
        <source>绿色通道（%1）</source>
        <translation>green channel (%1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="684"/>
        <source>备注：%1</source>
        <translation>note: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="687"/>
        <source>挂起待回呼 %1 个</source>
        <translation>%1 on hold</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="689"/>
        <source>暂停服务（%1）</source>
        <translation>paused (%1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="692"/>
        <source>大厅等候 %1 人</source>
        <translation>%1 waiting in the hall</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="697"/>
        <source>叫号：连接中</source>
        <translation>Calling: connecting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="701"/>
        <source>叫号：暂停服务</source>
        <translation>Calling: paused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling.py" line="702"/>
        <source>叫号：在线</source>
        <translation>Calling: online</translation>
    </message>
</context>
<context>
    <name>CarrierField</name>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="155"/>
        <source>承运方</source>
        <translation>Carrier</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="157"/>
        <source>如：EA123456785CN</source>
        <translation>e.g. EA123456785CN</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="158"/>
        <source>运单号</source>
        <translation>Waybill no.</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="371"/>
        <source>办件详情</source>
        <translation>Case detail</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="388"/>
        <source>办件信息</source>
        <translation>Case facts</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="390"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="394"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="394"/>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="394"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="394"/>
        <source>份数/页数</source>
        <translation>Copies/pages</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="394"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="519"/>
        <source>容缺</source>
        <translation>Deficient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="400"/>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="225"/>
        <source>补正材料已收</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="231"/>
        <source>容缺材料补齐</source>
        <translation>Deficient items supplied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="253"/>
        <source>取件/送达</source>
        <translation>Collected / delivered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="292"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="294"/>
        <source>中止</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="304"/>
        <source>恢复</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="310"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="312"/>
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="321"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="323"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="334"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="581"/>
        <source>查看完整证件号</source>
        <translation>Show full ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="340"/>
        <source>补打 [Ctrl+P]</source>
        <translation>Reprint [Ctrl+P]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="346"/>
        <source>邀请评价</source>
        <translation>Invite rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="100"/>
        <source>办结·%1</source>
        <translation>Complete · %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="92"/>
        <source>将打印：%1</source>
        <translation>Prints: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="94"/>
        <source>不打印凭证</source>
        <translation>No slip is printed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="108"/>
        <source>办件 %1 将以“%2”办结，办结后不能再中止、延期或撤回。
%3</source>
        <translation>Case %1 will be completed as “%2”; after that it can no longer be suspended, extended or withdrawn.
%3</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="181"/>
        <source>登记办件 %1“%2”（今天）？</source>
        <translation>Record &quot;%2&quot; for case %1 (today)?</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="189"/>
        <source>必需材料全部补齐时受理，%1；只补交一部分时登记已收材料，办件继续待补正</source>
        <translation>When every required material is in, the case is accepted; %1. When only some arrived, they are recorded and the case keeps waiting for the rest</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="259"/>
        <source>电子转递材料</source>
        <translation>Send files electronically</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="265"/>
        <source>对方确认收到</source>
        <translation>Partner confirmed receipt</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="272"/>
        <source>邮寄原件</source>
        <translation>Post the originals</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="278"/>
        <source>对方已签收</source>
        <translation>Partner signed for them</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="285"/>
        <source>结果已返回</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="378"/>
        <source>一件事</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="455"/>
        <source>&#x3000;容缺待补</source>
        <translation>  deficient items due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="466"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="467"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="468"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="469"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="470"/>
        <source>办理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="471"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="471"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="471"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="472"/>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="473"/>
        <source>承诺办结</source>
        <translation>Promised by</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="474"/>
        <source>法定期限</source>
        <translation>Statutory limit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="475"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="606"/>
        <source>补正期限</source>
        <translation>Supplement due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="476"/>
        <source>容缺补齐期限</source>
        <translation>Deficient items due by</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="477"/>
        <source>事项类型</source>
        <translation>Matter type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="479"/>
        <source>办理结果</source>
        <translation>Decision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="483"/>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="484"/>
        <source>%1（窗口 %2）</source>
        <translation>%1 (window %2)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="491"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="614"/>
        <source>运单号</source>
        <translation>Waybill no.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="497"/>
        <source>不予受理理由</source>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="499"/>
        <source>（代为录入）</source>
        <translation> (entered on behalf)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="501"/>
        <location filename="../../src/hallclient/ui/casedetail.py" line="612"/>
        <source>评价</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="517"/>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="517"/>
        <source>缺</source>
        <translation>missing</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="541"/>
        <source>%1/%2 已办结</source>
        <translation>%1/%2 completed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="544"/>
        <source>（本件）</source>
        <translation> (this case)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="574"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="135"/>
        <source>%1的理由（将告知申请人）：</source>
        <translation>Reason for “%1” (the applicant will be told):</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="295"/>
        <source>中止原因：</source>
        <translation>Reason for suspension:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="313"/>
        <source>延期原因（将告知申请人）与天数：</source>
        <translation>Reason for the extension (told to the applicant) and working days:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="324"/>
        <source>申请人撤回申请的说明：</source>
        <translation>Note on the applicant&apos;s withdrawal:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="489"/>
        <source>协议地区</source>
        <translation>Partner region</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="494"/>
        <source>待“%1”（上一步 %2）</source>
        <translation>Waiting for &quot;%1&quot; (previous step %2)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="495"/>
        <source>转递超期</source>
        <translation>Forwarding overdue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="495"/>
        <source>转递进度</source>
        <translation>Forwarding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="581"/>
        <source>查看目的（将记录在案）：</source>
        <translation>Purpose of viewing (this is logged):</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="596"/>
        <source>完整证件号码（已记录查看）：%1</source>
        <translation>Full ID number (view logged): %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="605"/>
        <source>承诺</source>
        <translation>promised</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="607"/>
        <source>补齐期限</source>
        <translation>supply by</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="608"/>
        <source>原因</source>
        <translation>reason</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="609"/>
        <source>结果</source>
        <translation>decision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="610"/>
        <source>天数</source>
        <translation>days</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="611"/>
        <source>目的</source>
        <translation>purpose</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="613"/>
        <source>承运方</source>
        <translation>carrier</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="615"/>
        <source>文件</source>
        <translation>files</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="625"/>
        <source>%1 起发送</source>
        <translation>sent from %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/casedetail.py" line="636"/>
        <source>缺 %1 项</source>
        <translation>%1 missing</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="63"/>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="64"/>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="65"/>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="66"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="67"/>
        <source>证件号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="68"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="69"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="70"/>
        <source>受理人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="166"/>
        <source>·容缺</source>
        <translation> · deficient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="167"/>
        <source>·转递超期</source>
        <translation> · forwarding overdue</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="218"/>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="219"/>
        <source>我的</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="220"/>
        <source>待补正</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="221"/>
        <source>容缺待补</source>
        <translation>Deficient items due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="222"/>
        <source>临期</source>
        <translation>Near due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="223"/>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="224"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="225"/>
        <source>暂定期限</source>
        <translation>Provisional</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="226"/>
        <source>转递超期</source>
        <translation>Forwarding overdue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="243"/>
        <source>办件编号、证件号码（可带 *，如 5201**********123X）或姓名</source>
        <translation>Case no., ID number (masked with * is fine, e.g. 5201**********123X) or name</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="248"/>
        <source>一件事：不限</source>
        <translation>Bundle: any or none</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="249"/>
        <source>一件事：全部</source>
        <translation>Bundle: all bundles</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="294"/>
        <source>一件事：%1</source>
        <translation>Bundle: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/caselist.py" line="316"/>
        <source>共 %1 件</source>
        <translation>%1 cases</translation>
    </message>
</context>
<context>
    <name>CatalogFiguresLine</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/catalog_figures.py" line="25"/>
        <source>事项目录指标：未读取到事项目录（服务器尚未发布事项目录）</source>
        <translation>Catalog figures: no catalog read (the server has not published one)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/catalog_figures.py" line="31"/>
        <source>未标版本</source>
        <translation>no version</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/catalog_figures.py" line="32"/>
        <source>事项目录指标（目录版本 %1）：%2</source>
        <translation>Catalog figures (catalog version %1): %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/catalog_figures.py" line="32"/>
        <source>，</source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CertificateLine</name>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="159"/>
        <source>一件事的事项超过 %1 个，不能查询电子证照，请收取纸质材料</source>
        <translation>The bundle has more than %1 matters: e-certificates cannot be looked up, take the paper materials</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="170"/>
        <source>查询电子证照…</source>
        <translation>Looking up e-certificates…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="196"/>
        <source>离线：无法查询电子证照，请收取纸质材料</source>
        <translation>Offline: e-certificates cannot be looked up, take the paper materials</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="199"/>
        <source>服务器拒绝：%1</source>
        <translation>Refused by the server: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="211"/>
        <source>已找到 %1 项电子证照</source>
        <translation>%1 e-certificate(s) found</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="214"/>
        <source>省级证照库未响应，仅查询了本中心证照库</source>
        <translation>The provincial library did not answer; only this centre&apos;s library was searched</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/certificates.py" line="217"/>
        <source>未使用：%1</source>
        <translation>Not used: %1</translation>
    </message>
</context>
<context>
    <name>CertificatePanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/certificate_panel.py" line="25"/>
        <source>服务器未提供证照共享统计（服务器版本较旧）</source>
        <translation>The server sent no certificate-sharing figures (older server version)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/certificate_panel.py" line="27"/>
        <source>证照共享量 &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Certificates shared &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/certificate_panel.py" line="29"/>
        <source>（本机办件；证照入库和查询次数见“全厅（服务器）”）</source>
        <translation> (this PC&apos;s cases; library and lookup figures under “Whole hall (server)”)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/certificate_panel.py" line="31"/>
        <source>，查询 %1 次</source>
        <translation>, %1 lookups</translation>
    </message>
</context>
<context>
    <name>ChannelPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="36"/>
        <source>办理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="53"/>
        <source>协议地区</source>
        <translation>Partner region</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="60"/>
        <source>人证比对通过</source>
        <translation>Face match passed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="60"/>
        <source>视频核验通过</source>
        <translation>Video check passed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="60"/>
        <source>现场核验原件</source>
        <translation>Original checked on site</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="61"/>
        <source>身份核验</source>
        <translation>Identity check</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="63"/>
        <source>网络转递</source>
        <translation>Forward online</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="64"/>
        <source>邮寄转递</source>
        <translation>Forward by post</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="65"/>
        <source>材料转递</source>
        <translation>Forwarding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/channel.py" line="105"/>
        <source>（本事项没有协议地区，请先同步）</source>
        <translation>(no partner region for this matter; sync first)</translation>
    </message>
</context>
<context>
    <name>CheckInDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="254"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="258"/>
        <source>预约码</source>
        <translation>Booking code</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="263"/>
        <source>留空则按表单中的身份证号 %1 签到</source>
        <translation>Leave empty to check in by the ID number %1 in the form</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="265"/>
        <source>请输入群众的预约码，或先刷身份证</source>
        <translation>Type the citizen&apos;s booking code, or swipe the ID card first</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="274"/>
        <source>预约码应为 %1–%2 个字符</source>
        <translation>A booking code has %1–%2 characters</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="277"/>
        <source>请输入预约码</source>
        <translation>Type the booking code</translation>
    </message>
</context>
<context>
    <name>ComplaintDetailDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="114"/>
        <source>投诉/差评 %1</source>
        <translation>Complaint / bad review %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="117"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="118"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="119"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="120"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="121"/>
        <source>人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="122"/>
        <source>投诉人</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="123"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="124"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="125"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="126"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="126"/>
        <source>（超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="127"/>
        <source>调查核实</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="128"/>
        <source>整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="129"/>
        <source>回访</source>
        <translation>Follow-up call</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="130"/>
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="131"/>
        <source>经办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="131"/>
        <source>未指派</source>
        <translation>Not assigned</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="132"/>
        <source>举一反三</source>
        <translation>Lessons drawn</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="133"/>
        <source>保持长效</source>
        <translation>Lasting measures</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="145"/>
        <source>处理记录</source>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>ComplaintDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="61"/>
        <source>登记投诉</source>
        <translation>Register complaint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="72"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="72"/>
        <source>办件编号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="73"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="73"/>
        <source>部门代码</source>
        <translation>Department code</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="74"/>
        <source>投诉人</source>
        <translation>Complainant</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="74"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="75"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="95"/>
        <source>请填写投诉内容</source>
        <translation>Please enter the complaint</translation>
    </message>
</context>
<context>
    <name>ConfirmStrip</name>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="92"/>
        <source>不予受理理由</source>
        <extracomment>Outcome keys, in the order of the buttons.</extracomment>
        <translation>Reason for refusal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="95"/>
        <source>如属其他机关职权，写明应向哪个机关申请</source>
        <translation>If another body is competent, name it</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="96"/>
        <source>有权机关</source>
        <translation>Competent body</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="102"/>
        <source>容缺补齐期限</source>
        <translation>Deficient items due by</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="107"/>
        <source>确认 [Enter]</source>
        <translation>Confirm [Enter]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="109"/>
        <source>返回 [Esc]</source>
        <translation>Back [Esc]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="131"/>
        <source>确认：%1</source>
        <translation>Confirm: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/outcome.py" line="169"/>
        <source>不予受理须写明理由</source>
        <translation>A refusal needs a reason</translation>
    </message>
</context>
<context>
    <name>Crash</name>
    <message>
        <location filename="../../src/hallclient/ui/crashnotice.py" line="44"/>
        <source>程序出错，崩溃报告已保存：%1</source>
        <translation>The program hit an error; a crash report was saved: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/crashnotice.py" line="45"/>
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="59"/>
        <source>日结 — %1 号窗口 %2</source>
        <translation>Close of day — window %1, %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="60"/>
        <source>正在统计…</source>
        <translation>Computing figures…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="65"/>
        <source>导出离线数据包…</source>
        <translation>Export offline bundle…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="72"/>
        <source>再次输入登录密码以签署</source>
        <translation>Re-enter your sign-in password to sign</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="77"/>
        <source>签署人</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="78"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="80"/>
        <source>签署日结</source>
        <translation>Sign close of day</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="83"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="107"/>
        <source>尚有 %1 条事件未同步到服务器：请先同步，或导出离线数据包交值班长导入后再日结。</source>
        <translation>%1 events are not yet synced to the server: sync first, or export an offline bundle for the duty supervisor to import, then close the day.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="113"/>
        <source>所有事件均已同步。</source>
        <translation>All events are synced.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="134"/>
        <source>受理办件</source>
        <translation>Cases taken in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="135"/>
        <source>受理结果</source>
        <translation>Outcomes</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="136"/>
        <source>办理渠道</source>
        <translation>Channels</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="137"/>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="138"/>
        <source>代办 / 绿色通道</source>
        <translation>By agent / green channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="139"/>
        <source>差评</source>
        <translation>Bad reviews</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="140"/>
        <source>首问登记</source>
        <translation>First-contact enquiries</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="141"/>
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="142"/>
        <source>超期 / 临近到期</source>
        <translation>Overdue / near due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="143"/>
        <source>按人员</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="152"/>
        <source>未选择离线数据包</source>
        <translation>No offline bundle chosen</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="154"/>
        <source>离线数据包：%1</source>
        <translation>Offline bundle: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="158"/>
        <source>导出离线数据包</source>
        <translation>Export offline bundle</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="159"/>
        <source>离线数据包 (*.json)</source>
        <translation>Offline bundle (*.json)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="170"/>
        <source>请输入密码以签署日结</source>
        <translation>Enter your password to sign the close of day</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="173"/>
        <source>有未同步事件：请先导出离线数据包</source>
        <translation>Unsynced events: export an offline bundle first</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="184"/>
        <source>日结</source>
        <translation>Close of day</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="192"/>
        <source>日结已签署，签名 %1</source>
        <translation>Close of day signed, signature %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/dayclose.py" line="195"/>
        <source>离线数据包已导出（%1 条事件），请交值班长导入服务器</source>
        <translation>Offline bundle exported (%1 events); hand it to the duty supervisor to import on the server</translation>
    </message>
</context>
<context>
    <name>DeliveryDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="170"/>
        <source>取件/送达</source>
        <translation>Collected / delivered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="172"/>
        <source>窗口取件</source>
        <translation>Pick-up at the window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="177"/>
        <source>领取人：</source>
        <translation>Collected by:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="174"/>
        <source>邮寄送达</source>
        <translation>Sent by post</translation>
    </message>
</context>
<context>
    <name>Devices</name>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="33"/>
        <source>未连接</source>
        <translation>disconnected</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="34"/>
        <source>连接中</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="35"/>
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="36"/>
        <source>读卡中</source>
        <translation>reading</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="37"/>
        <location filename="../../src/hallclient/ui/devices.py" line="154"/>
        <source>故障</source>
        <translation>fault</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="102"/>
        <source>已读卡：请先登录</source>
        <translation>Card read: please sign in first</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="109"/>
        <source>已读卡 %1：%2</source>
        <translation>Card read %1: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="113"/>
        <source>已读卡 %1</source>
        <translation>Card read %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/devices.py" line="122"/>
        <source>演示：模拟刷卡</source>
        <translation>Demo: simulate a card swipe</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="199"/>
        <source>%1：%2 的依据</source>
        <translation>%1: evidence for %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="205"/>
        <source>没有扣分或加分依据</source>
        <translation>Nothing deducted or added</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="207"/>
        <source>共 %1 条</source>
        <translation>%1 item(s)</translation>
    </message>
</context>
<context>
    <name>EndTicketDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="190"/>
        <source>叫下一位</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="193"/>
        <source>%1 号尚未关联办件。叫下一位前，先将其：</source>
        <translation>No case is linked to ticket %1. Before calling the next, mark it as:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="195"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="196"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="197"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EnquiryDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="38"/>
        <source>首问登记</source>
        <translation>Enquiry log</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="43"/>
        <source>来访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="46"/>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="48"/>
        <source>可选：相关事项（输入名称）</source>
        <translation>Optional: related matter (type its name)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="55"/>
        <source>相关事项</source>
        <translation>Related matter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="59"/>
        <source>咨询内容</source>
        <translation>Enquiry</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="61"/>
        <source>（不涉及通办）</source>
        <translation>(not about 通办)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="64"/>
        <source>通办咨询</source>
        <translation>通办 enquiry</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="66"/>
        <source>（未指定协议地区）</source>
        <translation>(no partner region named)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="68"/>
        <source>协议地区</source>
        <translation>Partner region</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="70"/>
        <source>当场解答</source>
        <translation>Answered on the spot</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="71"/>
        <source>引导至其他窗口</source>
        <translation>Guided to another window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="72"/>
        <source>登记转交</source>
        <translation>Logged and handed over</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="73"/>
        <source>处理方式</source>
        <translation>Handling</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="76"/>
        <source>转交给</source>
        <translation>Handed to</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/enquiry.py" line="78"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ExitPasswordDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="121"/>
        <source>退出取号机</source>
        <translation>Leave the kiosk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="122"/>
        <source>请输入退出密码</source>
        <translation>Enter the exit password</translation>
    </message>
</context>
<context>
    <name>FindingDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="50"/>
        <source>登记扣分</source>
        <translation>Record finding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="70"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="75"/>
        <source>负分为扣分，正分为加分（如群众表扬）</source>
        <translation>Negative points deduct, positive points add (e.g. praise from the public)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="78"/>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="79"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="80"/>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="82"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="83"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="84"/>
        <source>情况说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="85"/>
        <source>佐证材料</source>
        <translation>Evidence file</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="97"/>
        <source>选择佐证材料</source>
        <translation>Choose the evidence file</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="114"/>
        <source>没有可选的人员：请先在“用户”中添加窗口人员</source>
        <translation>No staff to choose: add the window staff as users first</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="116"/>
        <source>分值不能为 0：扣分填负数，加分填正数</source>
        <translation>Points cannot be 0: negative to deduct, positive to add</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="118"/>
        <source>请填写情况说明</source>
        <translation>Please describe what was found</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="120"/>
        <source>日期 %1 在未来</source>
        <translation>The date %1 is in the future</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="123"/>
        <source>佐证材料不存在：%1</source>
        <translation>The evidence file does not exist: %1</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="64"/>
        <source>本机登记的检查记录（巡查、明察暗访、视频抽查）</source>
        <translation>Findings recorded on this PC (inspections, mystery visits, video checks)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="65"/>
        <source>登记扣分…</source>
        <translation>Record finding…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="66"/>
        <source>申诉…</source>
        <translation>Appeal…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="67"/>
        <source>复核结论…</source>
        <translation>Review decision…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="79"/>
        <source>情况说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="80"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="80"/>
        <source>申诉理由</source>
        <translation>Appeal reason</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="101"/>
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="101"/>
        <source>申诉理由：</source>
        <translation>Reason for the appeal:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="109"/>
        <source>申诉成立，撤销扣分</source>
        <translation>Appeal upheld: withdraw the finding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="109"/>
        <source>申诉驳回，维持扣分</source>
        <translation>Appeal rejected: keep the finding</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="110"/>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="113"/>
        <source>复核结论</source>
        <translation>Review decision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="110"/>
        <source>结论：</source>
        <translation>Decision:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_findings.py" line="113"/>
        <source>复核意见：</source>
        <translation>Review note:</translation>
    </message>
</context>
<context>
    <name>Forwarding</name>
    <message>
        <location filename="../../src/hallclient/ui/forwarding.py" line="46"/>
        <source>选择电子转递的材料文件</source>
        <translation>Choose the files to send electronically</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/forwarding.py" line="48"/>
        <source>材料文件 (*.pdf *.ofd *.jpg *.png);;全部文件 (*)</source>
        <translation>Material files (*.pdf *.ofd *.jpg *.png);;All files (*)</translation>
    </message>
</context>
<context>
    <name>GuidePreview</name>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="42"/>
        <source>办事指南：%1</source>
        <translation>Service guide: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="53"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="54"/>
        <location filename="../../src/hallclient/ui/guide.py" line="83"/>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="76"/>
        <source>已发送到打印机：%1</source>
        <translation>Sent to the printer: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="80"/>
        <source>办事指南</source>
        <comment>file name</comment>
        <translation>service_guide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="100"/>
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/guide.py" line="108"/>
        <source>正在生成办事指南 PDF…</source>
        <translation>Writing the service guide PDF…</translation>
    </message>
</context>
<context>
    <name>HallStatusBar</name>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="102"/>
        <location filename="../../src/hallclient/ui/statusbar.py" line="103"/>
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="138"/>
        <source>工作日历缺 %1 年 · 期限暂定</source>
        <translation>Calendar lacks %1 · deadlines provisional</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="150"/>
        <source>未登录</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="158"/>
        <source>窗口 %1</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="160"/>
        <source>站点 %1</source>
        <translation>Site %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="178"/>
        <source>读卡器：%1</source>
        <translation>Reader: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="183"/>
        <source>打印机：%1</source>
        <translation>Printer: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="199"/>
        <source>同步：单机（未配置服务器）· 未上传 %1</source>
        <translation>Sync: standalone (no server) · %1 unsynced</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="202"/>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="203"/>
        <source>同步：未上传 %1 · 上次 %2</source>
        <translation>Sync: %1 unsynced · last %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/statusbar.py" line="206"/>
        <source> · 拒收 %1</source>
        <translation> · rejected %1</translation>
    </message>
</context>
<context>
    <name>HallViewWindow</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="65"/>
        <source>大厅实况</source>
        <translation>Hall live</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="66"/>
        <source>业务类别</source>
        <translation>Service category</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="66"/>
        <source>等候人数</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="68"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="68"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="68"/>
        <source>当前号</source>
        <translation>Current ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="68"/>
        <source>暂停原因</source>
        <translation>Pause reason</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="108"/>
        <source>读取失败（显示的是 %1 的状态）：%2</source>
        <translation>Read failed (showing the state of %1): %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="115"/>
        <source>%1&#x3000;等候合计 %2 人</source>
        <translation>%1  %2 waiting in total</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="118"/>
        <source>%1（暂停取号）</source>
        <translation>%1 (ticketing paused)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/hall_view.py" line="128"/>
        <source>更新于 %1（每 %2 秒刷新）</source>
        <translation>Updated %1 (refreshed every %2 s)</translation>
    </message>
</context>
<context>
    <name>HeldChoiceDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="159"/>
        <source>回呼</source>
        <translation>Call back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="161"/>
        <source>选择要回呼的号</source>
        <translation>Choose the ticket to call back</translation>
    </message>
</context>
<context>
    <name>HelpOverlay</name>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="23"/>
        <source>键盘操作一览（按任意键关闭）</source>
        <translation>Keyboard reference (any key closes)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="44"/>
        <source>本帮助</source>
        <translation>This help</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="45"/>
        <source>申请人（证件号码）</source>
        <translation>Applicant (ID number)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="46"/>
        <source>事项搜索</source>
        <translation>Matter search</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="47"/>
        <source>材料清单</source>
        <translation>Material checklist</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="48"/>
        <source>新办件（清空）</source>
        <translation>New intake (clear)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="49"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="50"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="51"/>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="52"/>
        <source>容缺受理</source>
        <translation>Accept with deficiency</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="53"/>
        <source>即办</source>
        <translation>Complete now</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="54"/>
        <source>办件查询</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="55"/>
        <source>首问登记</source>
        <translation>Enquiry log</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="56"/>
        <source>帮办代办（数字键 1–5 选类型）</source>
        <translation>Assistance (digit keys 1–5 pick the kind)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="57"/>
        <source>确认 / 返回</source>
        <translation>Confirm / back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="58"/>
        <source>空格 / R</source>
        <translation>Space / R</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="58"/>
        <source>材料：已收 / 容缺</source>
        <translation>Materials: received / deficient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="59"/>
        <source>材料全部已收</source>
        <translation>All materials received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="60"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="61"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="62"/>
        <source>打印预览 / 补打</source>
        <translation>Print preview / reprint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="63"/>
        <source>邀请评价</source>
        <translation>Invite rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="64"/>
        <source>打印办事指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="65"/>
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="66"/>
        <source>切换人员</source>
        <translation>Switch clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="67"/>
        <source>办件列表筛选</source>
        <translation>Case list filters</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="68"/>
        <source>叫号（下一位）</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="69"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="70"/>
        <source>开始办理</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="71"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="72"/>
        <source>挂起（回呼等候）</source>
        <translation>Hold (call back later)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="73"/>
        <source>回呼</source>
        <translation>Call back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="74"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="75"/>
        <source>办结当前号</source>
        <translation>Finish the current ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="76"/>
        <source>暂停 / 恢复服务</source>
        <translation>Pause / resume service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="77"/>
        <source>窗口取号（现场群众，在本窗口办理）</source>
        <translation>Walk-in ticket (citizen at the counter, served here)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/helpoverlay.py" line="78"/>
        <source>预约签到（预约码或身份证号）</source>
        <translation>Appointment check-in (booking code or ID number)</translation>
    </message>
</context>
<context>
    <name>IntakeWorkspace</name>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="105"/>
        <source>申请人 [F2]</source>
        <translation>Applicant [F2]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="107"/>
        <source>代办人办理（帮办代办）[Ctrl+D]</source>
        <translation>Handled by an agent (proxy) [Ctrl+D]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="109"/>
        <source>代办人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="119"/>
        <source>事项 [F3]</source>
        <translation>Matter [F3]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="126"/>
        <source>材料清单 [F4]&#x3000;空格=已收&#x3000;R=容缺&#x3000;Ctrl+A=全部已收</source>
        <translation>Materials [F4]  Space=received  R=deficient  Ctrl+A=all received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="174"/>
        <source>新办件</source>
        <translation>New case</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="174"/>
        <source>当前受理尚未保存，清空后填写的内容将丢失。确定清空？</source>
        <translation>This intake is not saved; clearing it discards what was entered. Clear it?</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="205"/>
        <source>请先在事项搜索（F3）中选中一个事项，再打印办事指南</source>
        <translation>Select a matter in the matter search (F3) first, then print its service guide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="285"/>
        <source>一件事已记录：%1 件办件 %2</source>
        <translation>Bundle recorded: %1 cases %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="312"/>
        <source>表单已有内容：未自动填入 %1 号的申请人（F5 清空后可重填）</source>
        <translation>The form is not empty: the applicant of ticket %1 was not filled in (F5 clears it)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="345"/>
        <source>申请人信息来自已结束的 %1 号，请核对</source>
        <translation>The applicant comes from ticket %1, which has ended: please check</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="358"/>
        <source>申请人年满 60 周岁，已建议绿色通道（Ctrl+G 取消）</source>
        <translation>Applicant is 60 or older: green channel suggested (Ctrl+G to undo)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="378"/>
        <source>先选择事项 (F3)</source>
        <translation>Choose a matter first (F3)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="380"/>
        <source>已收 %1 项，缺 %2 项，容缺 %3 项</source>
        <translation>%1 received, %2 missing, %3 deficient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="382"/>
        <source>（其中电子证照共享 %1 项）</source>
        <translation> (%1 by e-certificate sharing)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="384"/>
        <source>一证通办：纸质材料只收居民身份证</source>
        <translation>ID card only: the resident ID card is the only paper taken</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="426"/>
        <source>有材料标为容缺：请选择“容缺受理”</source>
        <translation>Some materials are marked deficient: choose “Accept with deficiency”</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="427"/>
        <source>（待填写）</source>
        <translation>(to be filled in)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="447"/>
        <source>请先选择事项（F3 搜索）</source>
        <translation>Choose a matter first (F3 to search)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="480"/>
        <source>申请人：%1&#x3000;事项：%2</source>
        <translation>Applicant: %1  Matter: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="484"/>
        <source>证件提醒：%1</source>
        <translation>ID card: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="491"/>
        <source>一次性告知缺少：</source>
        <translation>One-time notice of missing: </translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="495"/>
        <source>补正期限：%1（5 个工作日）；补齐后自补正次日重新起算时限</source>
        <translation>Supplement due %1 (5 working days); the time limit restarts the day after supplying</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="500"/>
        <source>须写明理由；通知书告知申请人依法申请行政复议或提起行政诉讼的权利</source>
        <translation>A reason is required; the notice states the right to administrative reconsideration or litigation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="503"/>
        <source>容缺材料：</source>
        <translation>Deficient materials: </translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="506"/>
        <source>容缺受理通知书一式两份；补齐期限不得晚于承诺办结日期</source>
        <translation>Deficiency notice in two copies; supply deadline no later than the promised date</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="508"/>
        <source>即办件，当场办结（%1）</source>
        <translation>Immediate matter, completed on the spot (%1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="510"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="522"/>
        <source>承诺办结日期：%1（%2 个工作日，自受理次日起算）&#x3000;法定期限：%3（%4 个工作日）</source>
        <translation>Promised by %1 (%2 working days from the next day)  Statutory limit %3 (%4 working days)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="561"/>
        <source>正在保存办件…</source>
        <translation>Saving the case…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="574"/>
        <source>已记录：%1&#x3000;办件编号 %2</source>
        <translation>Recorded: %1  case no. %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="576"/>
        <source>&#x3000;期限 %1</source>
        <translation>  due %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="577"/>
        <source>&#x3000;[%1 打印预览 · %2 邀请评价 · F5 下一位]</source>
        <translation>  [%1 print preview · %2 invite rating · F5 next]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/intake.py" line="589"/>
        <source>未保存：</source>
        <translation>Not saved: </translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="66"/>
        <source>退格</source>
        <translation>Backspace</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="67"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="68"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk_keypad.py" line="69"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="94"/>
        <source>取号机</source>
        <translation>Ticket kiosk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="98"/>
        <source>请输入预约码（8 位）</source>
        <translation>Enter your booking code (8 characters)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="137"/>
        <source>欢迎取号</source>
        <translation>Take a ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="138"/>
        <source>请触摸选择业务；已预约请刷身份证或点“预约签到”</source>
        <translation>Touch a service; with an appointment, swipe your ID card or touch “Appointment check-in”</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="141"/>
        <source>不是我，取消</source>
        <translation>Not me, cancel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="144"/>
        <location filename="../../src/hallclient/ui/kiosk.py" line="361"/>
        <location filename="../../src/hallclient/ui/kiosk.py" line="430"/>
        <source>取号服务暂不可用，请到咨询台</source>
        <translation>Tickets are not available right now; please go to the information desk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="150"/>
        <source>残疾人优先</source>
        <translation>Disabled (priority)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="151"/>
        <source>孕妇优先</source>
        <translation>Pregnant (priority)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="155"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="179"/>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="184"/>
        <source>您的号码</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="320"/>
        <source>%1  %2
暂停取号</source>
        <translation>%1  %2
Not issuing tickets</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="321"/>
        <source>%1  %2
等候 %3 人</source>
        <translation>%1  %2
%3 waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="372"/>
        <source>正在取号，请稍候…</source>
        <translation>Getting your ticket, please wait…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="382"/>
        <source>%1，您今天没有预约，请选择业务取号</source>
        <translation>%1, you have no appointment today; please choose a service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="398"/>
        <source>（绿色通道：%1）</source>
        <translation> (green channel: %1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="400"/>
        <source>您前面还有 %1 人</source>
        <translation>%1 people ahead of you</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="401"/>
        <source>正在打印号票…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="413"/>
        <source>号票未能打印：请记下您的号码，或请工作人员帮助。您的号已排上，请留意叫号。</source>
        <translation>The ticket could not be printed: please note your number or ask staff. You are in the queue; watch for your call.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="416"/>
        <source>请取走号票，留意叫号</source>
        <translation>Please take your ticket and watch for your call</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="428"/>
        <source>未收到服务器应答，您的号可能已经生成。请不要重复取号，请到咨询台</source>
        <translation>The server did not answer: your number may already have been issued. Please do not take another ticket; please go to the information desk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="435"/>
        <source>取号失败，请到咨询台</source>
        <translation>No ticket was issued; please go to the information desk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="457"/>
        <source>身份证阅读器：%1 %2</source>
        <translation>ID card reader: %1 %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="477"/>
        <source>未设置退出密码：请用 hallclient kiosk --set-exit-password 设置</source>
        <translation>No exit password set: set one with hallclient kiosk --set-exit-password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/kiosk.py" line="483"/>
        <source>密码错误</source>
        <translation>Wrong password</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="24"/>
        <location filename="../../src/hallclient/ui/labels.py" line="183"/>
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="25"/>
        <location filename="../../src/hallclient/ui/labels.py" line="184"/>
        <location filename="../../src/hallclient/ui/labels.py" line="239"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="26"/>
        <location filename="../../src/hallclient/ui/labels.py" line="39"/>
        <location filename="../../src/hallclient/ui/labels.py" line="185"/>
        <source>不予受理</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="27"/>
        <location filename="../../src/hallclient/ui/labels.py" line="186"/>
        <source>容缺受理</source>
        <translation>Accept with deficiency</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="28"/>
        <source>即办</source>
        <translation>Complete now</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="34"/>
        <source>待补正</source>
        <translation>Awaiting supplement</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="35"/>
        <source>在办</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="36"/>
        <location filename="../../src/hallclient/ui/labels.py" line="193"/>
        <source>中止</source>
        <translation>Suspend</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="37"/>
        <location filename="../../src/hallclient/ui/labels.py" line="191"/>
        <source>办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="38"/>
        <source>已取件</source>
        <translation>Collected</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="40"/>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="46"/>
        <source>现场办理</source>
        <translation>On site</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="47"/>
        <source>全省通办</source>
        <translation>Province-wide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="48"/>
        <source>跨省通办</source>
        <translation>Cross-province</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="49"/>
        <source>一证通办</source>
        <translation>ID card only</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="57"/>
        <source>准予许可</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="58"/>
        <source>不予许可</source>
        <translation>Deny</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="59"/>
        <source>予以给付</source>
        <translation>Benefit granted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="60"/>
        <source>不予给付</source>
        <translation>Benefit refused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="61"/>
        <source>予以确认（登记）</source>
        <translation>Confirmed (registered)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="62"/>
        <source>不予确认（登记）</source>
        <translation>Not confirmed (not registered)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="63"/>
        <source>予以征收</source>
        <translation>Levied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="64"/>
        <source>不予征收</source>
        <translation>Not levied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="65"/>
        <source>已作出裁决</source>
        <translation>Ruling made</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="66"/>
        <source>不予裁决</source>
        <translation>No ruling</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="67"/>
        <source>予以奖励</source>
        <translation>Reward granted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="68"/>
        <source>不予奖励</source>
        <translation>Reward refused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="69"/>
        <location filename="../../src/hallclient/ui/labels.py" line="125"/>
        <source>已办结</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="70"/>
        <source>不予办理</source>
        <translation>Not handled</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="76"/>
        <source>行政许可</source>
        <translation>Administrative licence</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="77"/>
        <source>行政给付</source>
        <translation>Administrative payment</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="78"/>
        <source>行政确认</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="79"/>
        <source>行政征收</source>
        <translation>Administrative levy</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="80"/>
        <source>行政裁决</source>
        <translation>Administrative adjudication</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="81"/>
        <source>行政奖励</source>
        <translation>Administrative reward</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="82"/>
        <source>其他行政权力</source>
        <translation>Other administrative power</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="83"/>
        <source>公共服务</source>
        <translation>Public service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="84"/>
        <source>未知（旧目录未记录事项类型）</source>
        <translation>Unknown (catalog imported before matter types)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="90"/>
        <source>即办件</source>
        <translation>Immediate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="91"/>
        <source>承诺件</source>
        <translation>Promised</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="97"/>
        <source>电子证照共享（证照编号 %1）</source>
        <translation>E-certificate shared (certificate no. %1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="102"/>
        <source>原件</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="103"/>
        <source>复印件</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="104"/>
        <source>原件及复印件</source>
        <translation>Original and copy</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="105"/>
        <source>电子材料</source>
        <translation>Electronic</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="111"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="112"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="113"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="114"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="115"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="122"/>
        <source>等候中</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="123"/>
        <source>已叫号</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="124"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="126"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="127"/>
        <source>已转移</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="128"/>
        <source>回呼等候</source>
        <translation>Held for call-back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="133"/>
        <source>其他状态（%1）</source>
        <translation>Other state (%1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="139"/>
        <source>午休</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="140"/>
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="141"/>
        <source>业务培训</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="142"/>
        <source>临时离开</source>
        <translation>Away briefly</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="143"/>
        <source>设备故障</source>
        <translation>Equipment fault</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="153"/>
        <source>窗口人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="154"/>
        <source>值班长</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="155"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="162"/>
        <location filename="../../src/hallclient/ui/labels.py" line="199"/>
        <source>电子材料已发送</source>
        <translation>Files sent electronically</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="163"/>
        <location filename="../../src/hallclient/ui/labels.py" line="200"/>
        <source>对方确认收到电子材料</source>
        <translation>Partner confirmed the files</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="164"/>
        <location filename="../../src/hallclient/ui/labels.py" line="201"/>
        <source>原件已寄出</source>
        <translation>Originals posted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="165"/>
        <location filename="../../src/hallclient/ui/labels.py" line="202"/>
        <source>对方已签收原件</source>
        <translation>Partner signed for the originals</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="166"/>
        <location filename="../../src/hallclient/ui/labels.py" line="203"/>
        <source>办理结果已返回</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="167"/>
        <source>已送达申请人</source>
        <translation>Delivered to the applicant</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="173"/>
        <source>EMS</source>
        <translation>EMS</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="174"/>
        <source>中国邮政</source>
        <translation>China Post</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="175"/>
        <source>顺丰速运</source>
        <translation>SF Express</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="187"/>
        <source>即办办结</source>
        <translation>Completed on the spot</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="188"/>
        <source>补正材料，受理</source>
        <translation>Supplemented, accepted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="189"/>
        <source>收到部分补正材料</source>
        <translation>Part of the supplement received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="190"/>
        <source>容缺材料补齐</source>
        <translation>Deficient items supplied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="192"/>
        <source>取件/送达</source>
        <translation>Collected / delivered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="194"/>
        <source>恢复办理</source>
        <translation>Resumed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="195"/>
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="196"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="197"/>
        <source>按新工作日历重算期限</source>
        <translation>Deadlines recounted with the new working-day calendar</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="198"/>
        <source>查看完整证件号码</source>
        <translation>Full ID number viewed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="204"/>
        <source>好差评</source>
        <translation>Rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="205"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="206"/>
        <source>首问登记</source>
        <translation>Enquiry</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="207"/>
        <source>帮办代办（不含办件）</source>
        <translation>Assistance (no case)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="208"/>
        <source>差评/投诉立案</source>
        <translation>Complaint / bad review opened</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="209"/>
        <source>督办推进</source>
        <translation>Follow-up advanced</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="210"/>
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="211"/>
        <source>申诉裁定</source>
        <translation>Appeal decided</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="212"/>
        <source>指派经办人</source>
        <translation>Assign handler</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="213"/>
        <source>专题会记录</source>
        <translation>Special meeting recorded</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="214"/>
        <source>日结</source>
        <translation>Close of day</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="215"/>
        <source>新增人员</source>
        <translation>User added</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="216"/>
        <source>窗口签到</source>
        <translation>Signed in at the window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="217"/>
        <source>窗口签退</source>
        <translation>Signed out of the window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="218"/>
        <source>锁屏</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="219"/>
        <source>解锁</source>
        <translation>Screen unlocked</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="220"/>
        <source>暂停服务</source>
        <translation>Service paused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="221"/>
        <source>恢复服务</source>
        <translation>Service resumed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="222"/>
        <source>登记考核扣分</source>
        <translation>Assessment finding recorded</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="223"/>
        <source>考核扣分申诉</source>
        <translation>Assessment finding appealed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="224"/>
        <source>考核申诉复核</source>
        <translation>Assessment appeal decided</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="225"/>
        <source>发布考核结果</source>
        <translation>Assessment published</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="226"/>
        <source>短信通知（待中心发送）</source>
        <translation>SMS notice (the centre sends it)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="227"/>
        <source>未发短信</source>
        <translation>No SMS sent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="232"/>
        <source>其他记录（%1）</source>
        <translation>Other record (%1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="238"/>
        <source>受理通知</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="240"/>
        <source>容缺补交提醒</source>
        <translation>Reminder to supply deficient materials</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="241"/>
        <source>办结/可取件</source>
        <translation>Completed / ready for pick-up</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="242"/>
        <source>邮寄寄出</source>
        <translation>Posted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="243"/>
        <source>好差评邀请</source>
        <translation>Rating invitation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="290"/>
        <source>%1（暂定）</source>
        <translation>%1 (provisional)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="295"/>
        <source>“暂定”：该年节假日安排尚未收到，日期按周一至周五推算；收到新工作日历后自动重算</source>
        <translation>&quot;Provisional&quot;: that year&apos;s holiday schedule has not arrived yet, so the date is counted Monday to Friday; it is recounted automatically when the new working-day calendar arrives</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="306"/>
        <source>工作日历未包含 %1 年的节假日安排：涉及这些日期的期限按周一至周五暂定计算，请同步或导入新日历</source>
        <translation>The working-day calendar does not include the %1 holiday schedule: deadlines on those dates are counted Monday to Friday and provisional; sync or import the new calendar</translation>
    </message>
</context>
<context>
    <name>LogViewerDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/logviewer.py" line="17"/>
        <source>运行日志</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/logviewer.py" line="18"/>
        <source>日志文件：%1</source>
        <translation>Log file: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/logviewer.py" line="28"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/logviewer.py" line="29"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/logviewer.py" line="44"/>
        <source>（暂无日志记录）</source>
        <translation>(no log records yet)</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="84"/>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="88"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="103"/>
        <source>语言 / Language</source>
        <translation>语言 / Language</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="126"/>
        <source>切换人员</source>
        <translation>Switch clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="131"/>
        <location filename="../../src/hallclient/ui/login.py" line="169"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="144"/>
        <source>正在打开本地数据库…</source>
        <translation>Opening the local database…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="149"/>
        <source>窗口人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="149"/>
        <source>值班长</source>
        <translation>Hall supervisor</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="149"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="150"/>
        <source>演示模式 · 可用账号（用户名 / 密码）：</source>
        <translation>Demo mode · accounts you can use (username / password):</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="152"/>
        <source>%1 / %2&#x3000;%3（%4）</source>
        <translation>%1 / %2 — %3 (%4)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="167"/>
        <source>综合窗口 %1 号 · 人员登录</source>
        <translation>Window %1 · clerk sign-in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="171"/>
        <source>已锁屏 · %1（窗口 %2）</source>
        <translation>Locked · %1 (window %2)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="174"/>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="194"/>
        <source>无法打开本地数据库：</source>
        <translation>Cannot open the local database: </translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="200"/>
        <source>请输入用户名</source>
        <translation>Enter your username</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="204"/>
        <source>请输入密码</source>
        <translation>Enter your password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="209"/>
        <source>正在打开本地数据库，稍候自动登录…</source>
        <translation>Opening the local database; signing in as soon as it is ready…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="213"/>
        <source>正在验证…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="226"/>
        <source>锁屏只能由本人解锁；其他人员请点“切换人员”</source>
        <translation>Only the same clerk can unlock; others use “Switch clerk”</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/login.py" line="238"/>
        <source>用户名或密码错误</source>
        <translation>Wrong username or password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="145"/>
        <source>政务服务综合窗口 — hallclient</source>
        <translation>Service hall window — hallclient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="188"/>
        <location filename="../../src/hallclient/ui/screens.py" line="45"/>
        <source>受理</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="190"/>
        <source>办件查询 [F11]</source>
        <translation>Cases [F11]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="249"/>
        <source>办理(&amp;W)</source>
        <extracomment>The menus, in menu-bar order: key and label.</extracomment>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="250"/>
        <source>叫号(&amp;Q)</source>
        <translation>&amp;Queue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="251"/>
        <source>查看(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="252"/>
        <source>人员(&amp;S)</source>
        <translation>&amp;Session</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="253"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="57"/>
        <source>首问登记</source>
        <translation>Enquiry log</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="50"/>
        <source>一件事一次办</source>
        <translation>One-stop bundle</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="64"/>
        <source>帮办代办（不含办件）</source>
        <translation>Assistance (no case)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="71"/>
        <source>邀请评价</source>
        <translation>Invite rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="78"/>
        <source>打印预览 / 补打</source>
        <translation>Print preview / reprint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="85"/>
        <source>打印办事指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="92"/>
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="99"/>
        <source>日结</source>
        <translation>Close of day</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="104"/>
        <source>办件查询</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="109"/>
        <source>统计与督办</source>
        <translation>Tallies and supervision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="117"/>
        <source>大厅实况</source>
        <translation>Hall live</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="125"/>
        <source>同步状态与隔离区</source>
        <translation>Sync status and quarantine</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="131"/>
        <source>锁屏</source>
        <translation>Lock screen</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="135"/>
        <source>切换人员</source>
        <translation>Switch clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="143"/>
        <source>键盘操作</source>
        <translation>Keyboard reference</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="151"/>
        <source>运行日志</source>
        <translation>Log</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="170"/>
        <source>叫号</source>
        <extracomment>叫号, the calling strip of the intake screen (``ui/calling.py``): Ctrl+Shift+letter keys (mostly pinyin: J 叫号, K 开始, H 挂起, Y 转移, W 办完, S 暂停, X 现场取号; R 重呼, N 过号, B 回呼, I check-In 预约签到), which no line edit takes. Not Shift+F keys: Qt&apos;s key mapper (X11) may report Shift+F2 as F2 too, which the intake binds while its fields have focus, and a press that matches two shortcuts fires neither. None uses a letter whose Ctrl+letter is bound (D, G, L, P), Ctrl+Shift+Z (redo), Ctrl+Shift+U (the input method&apos;s Unicode entry) or Ctrl+Shift+F (simplified/traditional in Chinese input methods); tests/gui/test_gui_shortcuts.py checks that no press can match two shortcuts.</extracomment>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="177"/>
        <source>重呼</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="184"/>
        <source>开始办理</source>
        <translation>Start serving</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="191"/>
        <source>过号</source>
        <translation>No-show</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="198"/>
        <source>挂起</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="205"/>
        <source>回呼</source>
        <translation>Call back</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="212"/>
        <source>转移</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="219"/>
        <source>办结</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="226"/>
        <source>暂停 / 恢复服务</source>
        <translation>Pause / resume service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="233"/>
        <source>窗口取号</source>
        <translation>Walk-in ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/screens.py" line="240"/>
        <source>预约签到</source>
        <translation>Appointment check-in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="384"/>
        <source>%1 已登录</source>
        <translation>%1 signed in</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="447"/>
        <source>请先完成或清空（F5）当前受理，再切换语言</source>
        <translation>Finish or clear (F5) the current intake before switching language</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="451"/>
        <source>没有该语言的翻译文件</source>
        <translation>No translation file for that language</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="515"/>
        <source>首问登记已保存</source>
        <translation>Enquiry saved</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="529"/>
        <source>已记录帮办代办：%1</source>
        <translation>Assistance recorded: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="545"/>
        <source>评价已记录</source>
        <translation>Rating recorded</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="576"/>
        <source>未配置打印机：Ctrl+P 查看小票预览</source>
        <translation>No printer configured: Ctrl+P shows the slip preview</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="595"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/mainwindow.py" line="631"/>
        <source>日结已签署</source>
        <translation>Close of day signed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/app.py" line="162"/>
        <source>正在生成演示数据…</source>
        <extracomment>When set, the app prints ``ready &lt;seconds&gt;`` once the first window is painted and quits (bench/cold_start.py).</extracomment>
        <translation>Generating demo data…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/app.py" line="164"/>
        <source>正在打开本地数据库…</source>
        <translation>Opening the local database…</translation>
    </message>
</context>
<context>
    <name>MaterialChecklist</name>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="55"/>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="56"/>
        <source>形式</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="57"/>
        <source>要求</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="58"/>
        <source>已收</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="59"/>
        <source>份数</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="60"/>
        <source>页数</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="61"/>
        <source>容缺</source>
        <translation>Deficient</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="105"/>
        <source>一证通办免交</source>
        <translation>Not taken (ID card only)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="107"/>
        <source>非必需</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="109"/>
        <source>必需·可容缺</source>
        <translation>required · deficiency allowed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="111"/>
        <source>必需</source>
        <translation>required</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="215"/>
        <source>长期</source>
        <translation>Permanent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="216"/>
        <source>发证机关：%1&#x3000;有效期至：%2</source>
        <translation>Issued by: %1&#x3000;Valid until: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/materials.py" line="218"/>
        <source>电子证照</source>
        <translation>E-certificate</translation>
    </message>
</context>
<context>
    <name>MaterialsDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="219"/>
        <source>补正材料已收</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="221"/>
        <source>勾选申请人本次实际补交的材料：</source>
        <translation>Tick the materials the applicant actually brought now:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="236"/>
        <source>请勾选实际补交的材料</source>
        <translation>Tick the materials that were brought</translation>
    </message>
</context>
<context>
    <name>MatterSearch</name>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="54"/>
        <source>【一件事】</source>
        <translation>[Bundle] </translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="55"/>
        <source>%1 个事项</source>
        <translation>%1 matters</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="102"/>
        <source>事项名称、编码、部门或拼音首字母（如 bdcdj）</source>
        <translation>Matter name, code, department or pinyin initials (e.g. bdcdj)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="118"/>
        <source>打印办事指南</source>
        <translation>Print service guide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="204"/>
        <source>未选择事项</source>
        <translation>No matter chosen</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="210"/>
        <source>一证通办</source>
        <translation>ID card only</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="211"/>
        <source>全省通办</source>
        <translation>Province-wide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="212"/>
        <source>跨省通办</source>
        <translation>Cross-province</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="213"/>
        <source>可网办</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="217"/>
        <source>（已选）</source>
        <translation>(chosen)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="218"/>
        <source>不收费</source>
        <translation>free</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="221"/>
        <source>编码：%1&#x3000;部门：%2</source>
        <translation>Code: %1  Department: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="223"/>
        <source>类型：%1&#x3000;承诺时限：%2 个工作日&#x3000;法定时限：%3 个工作日</source>
        <translation>Kind: %1  Promised: %2 working days  Statutory: %3 working days</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="228"/>
        <source>收费：%1</source>
        <translation>Fee: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="232"/>
        <source>材料：%1 项</source>
        <translation>Materials: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="243"/>
        <source>包含事项：%1</source>
        <translation>Matters: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/matter_search.py" line="244"/>
        <source>回车：申请人和材料只录一次，各事项分别出结果</source>
        <translation>Enter: applicant and materials once, an outcome for each matter</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="163"/>
        <source>记录专题会</source>
        <translation>Record special meeting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="178"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="178"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="179"/>
        <source>参会人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="179"/>
        <source>议定事项</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="180"/>
        <source>涉及的差评/投诉</source>
        <translation>Complaints covered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="208"/>
        <source>请填写参会人员和议定事项</source>
        <translation>Fill in the attendees and the decisions</translation>
    </message>
</context>
<context>
    <name>MeetingListDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="227"/>
        <source>专题会记录</source>
        <translation>Special meetings</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="228"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="228"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="228"/>
        <source>参会人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="228"/>
        <source>议定事项</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="229"/>
        <source>涉及的差评/投诉</source>
        <translation>Complaints covered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="229"/>
        <source>记录人</source>
        <translation>Recorded by</translation>
    </message>
</context>
<context>
    <name>Ops</name>
    <message>
        <location filename="../../src/hallclient/ui/ops.py" line="100"/>
        <source>程序内部错误（%1），未保存任何内容；详情已写入运行日志（帮助 → 运行日志）</source>
        <translation>Internal error (%1); nothing was saved. The details are in the log (Help → Log)</translation>
    </message>
</context>
<context>
    <name>PauseDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="119"/>
        <source>暂停服务</source>
        <translation>Pause service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="121"/>
        <source>暂停原因（可选择或输入）</source>
        <translation>Reason for the pause (choose or type)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="136"/>
        <source>请选择或填写暂停原因</source>
        <translation>Choose or type a reason for the pause</translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/forwarding.py" line="20"/>
        <source>邮寄原件</source>
        <translation>Post the originals</translation>
    </message>
</context>
<context>
    <name>PrintQueueDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="126"/>
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="129"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="129"/>
        <source>凭证</source>
        <translation>Slip</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="129"/>
        <source>办件编号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="129"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="129"/>
        <source>次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="130"/>
        <location filename="../../src/hallclient/ui/printqueue.py" line="145"/>
        <location filename="../../src/hallclient/ui/printqueue.py" line="182"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="130"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="144"/>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="146"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="147"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="166"/>
        <source>打印机：%1</source>
        <translation>Printer: %1</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="250"/>
        <source>打印机离线</source>
        <translation>Printer offline</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="251"/>
        <source>上盖未关好</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="252"/>
        <source>缺纸</source>
        <translation>Paper out</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="253"/>
        <source>无响应（超时）</source>
        <translation>No answer (timeout)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="254"/>
        <source>字符无法打印</source>
        <translation>Characters cannot be printed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="255"/>
        <source>打印机地址无效</source>
        <translation>Invalid printer address</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="256"/>
        <source>不支持的操作</source>
        <translation>Unsupported operation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="257"/>
        <source>打印中断</source>
        <translation>Printing interrupted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="263"/>
        <source>受理回执</source>
        <translation>Acceptance receipt</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="264"/>
        <source>一次性告知书</source>
        <translation>One-time notice of missing items</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="265"/>
        <source>不予受理通知书</source>
        <translation>Notice of refusal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="266"/>
        <source>容缺受理通知书</source>
        <translation>Notice of acceptance with deficiency</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="267"/>
        <source>办结通知</source>
        <translation>Completion notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="268"/>
        <source>材料流转单</source>
        <translation>Transfer slip</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="269"/>
        <source>一件事受理回执</source>
        <translation>Bundle receipt</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="270"/>
        <source>首问转办单</source>
        <translation>Enquiry hand-over slip</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="271"/>
        <source>排队号票</source>
        <translation>Queue ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="272"/>
        <source>测试页</source>
        <translation>Test slip</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="278"/>
        <source>排队中</source>
        <translation>Queued</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="279"/>
        <source>打印中</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="280"/>
        <source>已打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/labels.py" line="281"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="46"/>
        <source>状态未知</source>
        <extracomment>Seconds between two printer status queries (skipped while the queue is sending).</extracomment>
        <translation>State unknown</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="49"/>
        <source>预览（PNG）</source>
        <translation>Preview (PNG)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="50"/>
        <source>已连接</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="56"/>
        <source>故障（切刀或打印头）</source>
        <translation>Fault (cutter or print head)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="60"/>
        <source>纸将用尽</source>
        <translation>Paper near end</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="61"/>
        <source>就绪</source>
        <translation>Ready</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="152"/>
        <source>发布考核结果</source>
        <translation>Publish the assessment</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="154"/>
        <source>发布 %1 的考核结果：发布后结果冻结并签名，之后的数据不再改变它。</source>
        <translation>Publish the assessment of %1: it is frozen and signed, and later data no longer changes it.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="156"/>
        <source>已发布第 %1 版；再次发布将生成第 %2 版，须说明原因。</source>
        <translation>Version %1 is published; publishing again makes version %2 and needs a reason.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="163"/>
        <source>登录密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="168"/>
        <source>更正原因</source>
        <translation>Reason for the correction</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="180"/>
        <source>请输入登录密码以签名</source>
        <translation>Enter your password to sign</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/assessment_dialogs.py" line="183"/>
        <source>再次发布须填写更正原因</source>
        <translation>Publishing again needs a reason</translation>
    </message>
</context>
<context>
    <name>QuarantineDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="174"/>
        <source>同步状态与隔离区</source>
        <translation>Sync status and quarantine</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="180"/>
        <source>序号</source>
        <translation>Seq.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="180"/>
        <source>事件</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="180"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="180"/>
        <source>服务器拒收原因</source>
        <translation>Server&apos;s reason for rejection</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="180"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="185"/>
        <source>隔离区为空：服务器没有拒收任何事件。</source>
        <translation>Quarantine is empty: the server rejected no events.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="187"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="188"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="203"/>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="204"/>
        <source>未上传事件 %1 条，上次成功同步：%2</source>
        <translation>%1 events not uploaded; last successful sync: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="206"/>
        <source>最近错误：%1</source>
        <translation>Last error: %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="70"/>
        <source>导出 %1…</source>
        <translation>Export %1…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="98"/>
        <source>正在从服务器读取排队统计…</source>
        <translation>Reading the queue figures from the server…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="124"/>
        <source>取号 &lt;b&gt;%1&lt;/b&gt;&#x3000;等候中位数 %2 分钟（P90 %3）&#x3000;服务中位数 %4 分钟（P90 %5）&#x3000;过号率 %6&#x3000;转移 %7&#x3000;预约 %8（签到 %9，爽约 %10）&#x3000;暂停服务 %11 分钟</source>
        <translation>Tickets &lt;b&gt;%1&lt;/b&gt;  median wait %2 min (P90 %3)  median service %4 min (P90 %5)  no-show rate %6  transferred %7  appointments %8 (kept %9, missed %10)  paused %11 min</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="152"/>
        <source>排队统计</source>
        <comment>export file name</comment>
        <translation>queue_figures</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="156"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/queue_panel.py" line="177"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>QueuePrinting</name>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="176"/>
        <location filename="../../src/hallclient/ui/printing.py" line="239"/>
        <source>未配置</source>
        <translation>Not configured</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="176"/>
        <location filename="../../src/hallclient/ui/printing.py" line="239"/>
        <source>未配置打印机：Ctrl+P 查看小票预览</source>
        <translation>No printer configured: Ctrl+P shows the slip preview</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="246"/>
        <source>检测中</source>
        <translation>Checking</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="249"/>
        <source> · 失败 %1 张</source>
        <translation> · %1 failed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="252"/>
        <source>最近失败：%1（%2）点击查看打印队列</source>
        <translation>Last failure: %1 (%2). Click to open the print queue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="257"/>
        <source> · 打印中</source>
        <translation> · printing</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="266"/>
        <source>打印失败：%1 — %2（点击状态栏“打印机”查看并重试）</source>
        <translation>Printing failed: %1 — %2 (click &quot;Printer&quot; in the status bar to see and retry)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printing.py" line="351"/>
        <source>已加入打印队列</source>
        <translation>Added to the print queue</translation>
    </message>
</context>
<context>
    <name>RatingWindow</name>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="44"/>
        <source>服务评价</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="49"/>
        <source>请您对本次服务进行评价</source>
        <translation>Please rate our service</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="54"/>
        <source>窗口 %1 · 工作人员 %2</source>
        <translation>Window %1 · clerk %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="76"/>
        <source>请告诉我们不满意的原因（可不填）：</source>
        <translation>Please tell us why (optional):</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="84"/>
        <source>工作人员代为录入（群众口述评价）</source>
        <translation>Entered by the clerk on the citizen&apos;s behalf</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="88"/>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="94"/>
        <source>不评价 [Esc]</source>
        <translation>No rating [Esc]</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="134"/>
        <source>请选择一个评价等级</source>
        <translation>Please choose a level</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/rating.py" line="152"/>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="111"/>
        <source> 个工作日</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/widgets.py" line="118"/>
        <source>请填写原因</source>
        <translation>Please give a reason</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <source>编号</source>
        <translation>Ref.</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="339"/>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <source>办件</source>
        <translation>Case</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="327"/>
        <source>人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>环节</source>
        <translation>Stage</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>受理时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="328"/>
        <source>经办人</source>
        <translation>Handler</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="331"/>
        <source>登记投诉…</source>
        <translation>Register complaint…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="332"/>
        <source>记录本环节…</source>
        <translation>Record this step…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="393"/>
        <source>未指派</source>
        <translation>Not assigned</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="436"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="437"/>
        <source>记录本环节</source>
        <translation>Record step</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="333"/>
        <source>申诉复核…</source>
        <translation>Appeal for review…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="334"/>
        <source>复核结论…</source>
        <translation>Review decision…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="335"/>
        <source>指派经办人…</source>
        <translation>Assign handler…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="336"/>
        <source>记录专题会…</source>
        <translation>Record special meeting…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="337"/>
        <source>专题会记录…</source>
        <translation>Special meetings…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="338"/>
        <source>导出台账…</source>
        <translation>Export ledger…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="340"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="363"/>
        <source>%1（%2差评 %3 件）</source>
        <translation>%1 (%3 bad reviews in %2)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="365"/>
        <source>需召开专题会：%1</source>
        <translation>Special meeting needed: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="373"/>
        <source>限 %1</source>
        <translation>due %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="374"/>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="384"/>
        <source>（超期）</source>
        <translation> (overdue)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="443"/>
        <source>回访</source>
        <translation>Follow-up call</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="443"/>
        <source>群众评价：</source>
        <translation>Citizen&apos;s verdict:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="462"/>
        <source>指派经办人</source>
        <translation>Assign handler</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="462"/>
        <source>经办人：</source>
        <translation>Handler:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="480"/>
        <source>申诉复核</source>
        <translation>Appeal for review</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="480"/>
        <source>申诉理由：</source>
        <translation>Grounds for the appeal:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="488"/>
        <source>申诉成立</source>
        <translation>Appeal upheld</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="488"/>
        <source>申诉不成立</source>
        <translation>Appeal rejected</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="489"/>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="492"/>
        <source>复核结论</source>
        <translation>Review decision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="489"/>
        <source>结论：</source>
        <translation>Decision:</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/register.py" line="492"/>
        <source>复核意见：</source>
        <translation>Reviewer&apos;s opinion:</translation>
    </message>
</context>
<context>
    <name>ServerSignIn</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/server_sign_in.py" line="48"/>
        <source>排队数据在中心服务器上：请输入您在服务器上的密码</source>
        <translation>Queue data is on the central server: enter your server password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/server_sign_in.py" line="50"/>
        <source>本机未连接中心服务器（请信息管理员配置并登记本机）：排队数据只在服务器上</source>
        <translation>This PC is not connected to the central server (ask IT to configure and enrol it): queue data is only on the server</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/server_sign_in.py" line="53"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/server_sign_in.py" line="54"/>
        <source>登录服务器</source>
        <translation>Sign in to server</translation>
    </message>
</context>
<context>
    <name>SlipPreviewDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="91"/>
        <source>补打预览 — %1</source>
        <translation>Reprint preview — %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="93"/>
        <source>小票预览（未配置打印机） — %1</source>
        <translation>Slip preview (no printer configured) — %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="101"/>
        <source>补打</source>
        <translation>Reprint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/printqueue.py" line="104"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SmsPanel</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/sms_panel.py" line="24"/>
        <source>短信由中心服务器发送，本机统计不含短信（选择“全厅（服务器）”查看）</source>
        <translation>SMS are sent by the central server; this PC&apos;s figures include none (choose &quot;Whole hall (server)&quot; to see them)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/sms_panel.py" line="27"/>
        <source>服务器未提供短信统计（服务器版本较旧）</source>
        <translation>The server did not provide SMS figures (an older server version)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/sms_panel.py" line="30"/>
        <source>短信发送条数 &lt;b&gt;%1&lt;/b&gt;（送达 %2，失败 %3，未发 %4，待发 %5，计费 %6 条）</source>
        <translation>SMS sent &lt;b&gt;%1&lt;/b&gt; (delivered %2, failed %3, not sent %4, waiting %5, billed parts %6)</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="17"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="195"/>
        <source>窗口</source>
        <translation>Window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="18"/>
        <source>窗口人员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="19"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="97"/>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="20"/>
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="21"/>
        <source>办理渠道</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="28"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="203"/>
        <source>按窗口</source>
        <translation>By window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="29"/>
        <source>按窗口人员</source>
        <translation>By clerk</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="30"/>
        <source>按部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="31"/>
        <source>按事项</source>
        <translation>By matter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="32"/>
        <source>按办理渠道</source>
        <translation>By channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="39"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="86"/>
        <source>办件数</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="40"/>
        <source>受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="41"/>
        <source>一次性告知</source>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="42"/>
        <source>不予受理</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="43"/>
        <source>容缺受理</source>
        <translation>With deficiency</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="44"/>
        <source>即办</source>
        <translation>On the spot</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="45"/>
        <source>一窗受理率</source>
        <translation>One-window share</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="46"/>
        <source>全省通办</source>
        <translation>Province-wide</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="47"/>
        <source>跨省通办</source>
        <translation>Cross-province</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="48"/>
        <source>一证通办</source>
        <translation>ID card only</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="49"/>
        <source>帮办代办</source>
        <translation>Assisted / proxy</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="50"/>
        <source>绿色通道</source>
        <translation>Green channel</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="51"/>
        <source>首问登记</source>
        <translation>First-contact enquiries</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="52"/>
        <source>已办结</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="53"/>
        <source>办理时长中位数(小时)</source>
        <translation>Median handling time (h)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="54"/>
        <source>办理时长P90(小时)</source>
        <translation>P90 handling time (h)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="55"/>
        <source>在办超期</source>
        <translation>Overdue (open)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="56"/>
        <source>临近到期</source>
        <translation>Near due</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="57"/>
        <source>超期办结</source>
        <translation>Completed late</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="58"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="59"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="176"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="60"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="177"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="61"/>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="178"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="62"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="63"/>
        <source>满意率</source>
        <translation>Satisfaction rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="64"/>
        <source>差评</source>
        <translation>Bad reviews</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="65"/>
        <source>差评已办结</source>
        <translation>Bad reviews closed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="66"/>
        <source>差评处理率</source>
        <translation>Bad-review handling rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="67"/>
        <source>差评已整改</source>
        <translation>Bad reviews rectified</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="68"/>
        <source>差评整改率</source>
        <translation>Bad-review rectification rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="69"/>
        <source>投诉</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="70"/>
        <source>投诉办结率</source>
        <translation>Complaint handling rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="71"/>
        <source>投诉整改率</source>
        <translation>Complaint rectification rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="72"/>
        <source>投诉超期</source>
        <translation>Complaints overdue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="73"/>
        <source>协议地区</source>
        <translation>Partner region</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="74"/>
        <source>邮寄转递</source>
        <translation>Forwarded by post</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="75"/>
        <source>电子转递</source>
        <translation>Forwarded electronically</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="76"/>
        <source>平均在途天数</source>
        <translation>Average days in transit</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="77"/>
        <source>转递超期</source>
        <translation>Forwarding overdue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="78"/>
        <source>跨省通办咨询量</source>
        <translation>Cross-province enquiries</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="79"/>
        <source>事项总数</source>
        <translation>Matters</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="80"/>
        <source>网上可办率</source>
        <translation>Online share</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="81"/>
        <source>全程网办率</source>
        <translation>Fully online share</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="82"/>
        <source>一窗式事项占比</source>
        <translation>One-window share</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="83"/>
        <source>一证通办事项数</source>
        <translation>ID-card-only matters</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="84"/>
        <source>一件事</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="85"/>
        <source>受理次数</source>
        <translation>Intakes</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="87"/>
        <source>整件办结</source>
        <translation>Wholly completed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="88"/>
        <source>平均办结天数</source>
        <translation>Average days to complete</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="89"/>
        <source>少交材料</source>
        <translation>Papers saved</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="90"/>
        <source>短信类型</source>
        <translation>SMS kind</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="91"/>
        <source>发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="92"/>
        <source>送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="93"/>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="94"/>
        <source>未发（退订/无号码）</source>
        <translation>Not sent (opted out / no number)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="95"/>
        <source>待发</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="96"/>
        <source>计费条数</source>
        <translation>Billed parts</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="98"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="99"/>
        <source>证照入库种类数</source>
        <translation>Certificate kinds held</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="100"/>
        <source>入库量</source>
        <translation>Certificates held</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="101"/>
        <source>查询次数</source>
        <translation>Lookups</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="102"/>
        <source>证照共享量</source>
        <translation>Certificates shared</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="112"/>
        <source>短信发送条数</source>
        <translation>SMS sent</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="118"/>
        <source>受理通知</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="119"/>
        <source>一次性告知</source>
        <comment>notice kind</comment>
        <translation>One-time notice</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="120"/>
        <source>容缺补交提醒</source>
        <translation>Reminder to supply deficient materials</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="121"/>
        <source>办结/可取件</source>
        <translation>Completed / ready for pick-up</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="122"/>
        <source>邮寄寄出</source>
        <translation>Posted</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="123"/>
        <source>好差评邀请</source>
        <translation>Rating invitation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="128"/>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="133"/>
        <source>投诉</source>
        <comment>register kind</comment>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="134"/>
        <source>差评</source>
        <comment>register kind</comment>
        <translation>Bad review</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="140"/>
        <source>现场</source>
        <translation>On site</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="141"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="142"/>
        <source>意见箱/意见簿</source>
        <translation>Suggestion box / book</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="143"/>
        <source>网络</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="144"/>
        <source>转接</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="145"/>
        <source>好差评</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="151"/>
        <source>差评受理</source>
        <comment>register stage</comment>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="153"/>
        <source>差评整改</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="152"/>
        <source>调查核实</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="154"/>
        <source>回访反馈</source>
        <translation>Follow-up call</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="155"/>
        <source>举一反三</source>
        <translation>Lessons drawn</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="156"/>
        <source>保持长效</source>
        <translation>Lasting measures</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="157"/>
        <source>办结</source>
        <comment>register stage</comment>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="164"/>
        <source>受理意见</source>
        <translation>acceptance note</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="165"/>
        <source>调查核实结论</source>
        <translation>findings of the investigation</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="166"/>
        <source>整改措施</source>
        <translation>rectification measures</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="167"/>
        <source>回访情况</source>
        <translation>follow-up with the citizen</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="168"/>
        <source>汲取的教训，排查的其他窗口或事项</source>
        <translation>lessons drawn, other windows or matters checked</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="169"/>
        <source>长效措施（制度、培训）</source>
        <translation>lasting measures (rules, training)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="184"/>
        <source>待复核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="185"/>
        <source>成立</source>
        <translation>Upheld</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="186"/>
        <source>不成立</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="193"/>
        <source>业务类别</source>
        <translation>Service category</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="194"/>
        <source>时段</source>
        <translation>Hour</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="201"/>
        <source>按业务类别</source>
        <translation>By category</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="202"/>
        <source>按时段</source>
        <translation>By hour</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="210"/>
        <source>取号数</source>
        <translation>Tickets issued</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="211"/>
        <source>等候时长中位数(分钟)</source>
        <translation>Median wait (min)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="212"/>
        <source>等候时长P90(分钟)</source>
        <translation>Wait P90 (min)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="213"/>
        <source>叫号数</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="214"/>
        <source>办结数</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="215"/>
        <source>服务时长中位数(分钟)</source>
        <translation>Median service (min)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="216"/>
        <source>服务时长P90(分钟)</source>
        <translation>Service P90 (min)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="217"/>
        <source>过号</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="218"/>
        <source>过号率</source>
        <translation>No-show rate</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="219"/>
        <source>转移</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="220"/>
        <source>预约</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="221"/>
        <source>预约签到</source>
        <translation>Appointments kept</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="222"/>
        <source>预约爽约</source>
        <translation>Appointments missed</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="223"/>
        <source>暂停服务(分钟)</source>
        <translation>Paused (min)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="230"/>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="231"/>
        <source>叫号中</source>
        <translation>Calling</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="232"/>
        <source>办理中</source>
        <translation>Serving</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/texts.py" line="233"/>
        <source>暂停服务</source>
        <translation>Paused</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="246"/>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="596"/>
        <source>统计与督办</source>
        <extracomment>Period presets, as keys (the picker shows them translated); &quot;custom&quot; keeps the dates as edited.</extracomment>
        <translation>Tallies and supervision</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="248"/>
        <source>统计与督办（%1 号窗口）</source>
        <translation>Tallies and supervision (window %1)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="250"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="250"/>
        <source>昨天</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="250"/>
        <source>本周</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="250"/>
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="251"/>
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="251"/>
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="258"/>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="259"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="260"/>
        <source>统计</source>
        <translation>Compute</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="261"/>
        <source>本机数据</source>
        <translation>This PC&apos;s data</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="262"/>
        <source>全厅（服务器）</source>
        <translation>Whole hall (server)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="264"/>
        <source>全大厅的统计（含短信发送条数），需登录中心服务器</source>
        <translation>Figures of the whole hall (with the SMS sent), after signing in on the central server</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="266"/>
        <source>本机未连接中心服务器</source>
        <translation>This PC is not connected to the central server</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="270"/>
        <source>导出 %1…</source>
        <translation>Export %1…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="271"/>
        <source>分时段受理量</source>
        <translation>Cases received by hour</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="272"/>
        <source>受理结果</source>
        <translation>Outcomes</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="273"/>
        <source>好差评</source>
        <translation>Service ratings</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="274"/>
        <source>统计数据</source>
        <translation>Figures</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="276"/>
        <source>通办（协议地区）</source>
        <translation>通办 (partner regions)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="276"/>
        <source>一件事一次办</source>
        <translation>One-visit bundles</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="276"/>
        <source>短信</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="276"/>
        <source>证照共享</source>
        <translation>Certificate sharing</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="277"/>
        <source>事项目录与帮办代办</source>
        <translation>Catalog and assistance</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="280"/>
        <source>差评与投诉</source>
        <translation>Bad reviews and complaints</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="282"/>
        <source>排队</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="284"/>
        <source>考核</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="331"/>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="335"/>
        <source>正在统计…</source>
        <translation>Computing figures…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="357"/>
        <source>请先登录中心服务器</source>
        <translation>Sign in on the central server first</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="367"/>
        <source>正在从服务器读取全厅统计…</source>
        <translation>Reading the whole hall&apos;s figures from the server…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="386"/>
        <source>%1 件在办办件的期限为暂定（办件列表“暂定期限”，或 hallclient calendar provisional）</source>
        <translation>%1 open case(s) have provisional deadlines (case list &quot;Provisional&quot;, or hallclient calendar provisional)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="402"/>
        <source>受理 &lt;b&gt;%1&lt;/b&gt; 件&#x3000;一窗受理率 %2&#x3000;已办结 %3&#x3000;在办超期 &lt;b&gt;%4&lt;/b&gt;&#x3000;临近到期 %5&#x3000;评价 %6（满意率 %7）&#x3000;差评 %8（整改率 %9）&#x3000;投诉 %10&#x3000;首问 %11&#x3000;未同步事件 %12</source>
        <translation>Cases received &lt;b&gt;%1&lt;/b&gt; · one-window share %2 · completed %3 · overdue &lt;b&gt;%4&lt;/b&gt; · near due %5 · ratings %6 (satisfaction %7) · bad reviews %8 (rectified %9) · complaints %10 · first-contact enquiries %11 · unsynced events %12</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="439"/>
        <source>统计完成：%1</source>
        <translation>Figures computed at %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="447"/>
        <source>统计</source>
        <comment>export file name</comment>
        <translation>tally</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="453"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="483"/>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="582"/>
        <source>正在导出 %1…</source>
        <translation>Exporting %1…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="485"/>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="586"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="494"/>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="508"/>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="571"/>
        <source>台账</source>
        <comment>export file name</comment>
        <translation>ledger</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/supervisor/window.py" line="573"/>
        <source>导出台账</source>
        <translation>Export ledger</translation>
    </message>
</context>
<context>
    <name>SyncAdapter</name>
    <message>
        <location filename="../../src/hallclient/ui/syncstatus.py" line="141"/>
        <source> · 由其他进程上传</source>
        <translation> · uploaded by another process</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="48"/>
        <source>转移 %1 号</source>
        <translation>Transfer ticket %1</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="51"/>
        <source>转到业务类别</source>
        <translation>To category</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="53"/>
        <source>转到窗口</source>
        <translation>To window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="64"/>
        <source>转移原因，接办窗口可见</source>
        <translation>Why it is transferred (shown to the receiving window)</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="65"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="68"/>
        <source>尚未从服务器收到本大厅的业务类别：可输入目标窗口号</source>
        <translation>The hall&apos;s categories have not arrived from the server yet: type the target window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="84"/>
        <source>请选择业务类别</source>
        <translation>Choose a category</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="90"/>
        <source>请填写目标窗口号</source>
        <translation>Type the target window</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="94"/>
        <source>请填写转移备注</source>
        <translation>Type a note for the transfer</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="102"/>
        <source>窗口号只能用字母、数字、- 和 _（最多 16 个）</source>
        <translation>A window number uses letters, digits, - and _ only (at most 16)</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="224"/>
        <source>窗口取号</source>
        <translation>Walk-in ticket</translation>
    </message>
    <message>
        <location filename="../../src/hallclient/ui/calling_dialogs.py" line="226"/>
        <source>为现场群众取号并在本窗口办理，业务类别：</source>
        <translation>Ticket for the citizen at the counter, served at this window, category:</translation>
    </message>
</context>
</TS>
