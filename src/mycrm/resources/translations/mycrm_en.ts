<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
  <context>
    <name>BoardPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CalendarPage</name>
    <message numerus="yes">
      <source>Expiring this month · %n customer(s)</source>
      <translation>
        <numerusform>Expiring this month · %n customer</numerusform>
        <numerusform>Expiring this month · %n customers</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Nothing in these %n day(s) — plan a to-do or log a visit from a day.</source>
      <translation>
        <numerusform>Nothing in these %n day — plan a to-do or log a visit from a day.</numerusform>
        <numerusform>Nothing in these %n days — plan a to-do or log a visit from a day.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CustomersPage</name>
    <message numerus="yes">
      <source>%n customer(s)</source>
      <translation>
        <numerusform>%n customer</numerusform>
        <numerusform>%n customers</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>DayCellDelegate</name>
    <message numerus="yes">
      <source>%n overdue</source>
      <translation>
        <numerusform>%n overdue</numerusform>
        <numerusform>%n overdue</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s)</source>
      <translation>
        <numerusform>%n renewal</numerusform>
        <numerusform>%n renewals</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n to-do(s)</source>
      <translation>
        <numerusform>%n to-do</numerusform>
        <numerusform>%n to-dos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n visit(s)</source>
      <translation>
        <numerusform>%n visit</numerusform>
        <numerusform>%n visits</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>+%n more</source>
      <translation>
        <numerusform>+%n more</numerusform>
        <numerusform>+%n more</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>GoalsDialog</name>
    <message numerus="yes">
      <source>%n quarter and month target(s) set from the year.</source>
      <translation>
        <numerusform>%n quarter and month target set from the year.</numerusform>
        <numerusform>%n quarter and month targets set from the year.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>HomePage</name>
    <message numerus="yes">
      <source>and %n more not shown</source>
      <translation>
        <numerusform>and %n more not shown</numerusform>
        <numerusform>and %n more not shown</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MissedDialog</name>
    <message numerus="yes">
      <source>%n reminder(s) changed since this list was opened and were left as they are.</source>
      <translation>
        <numerusform>%n reminder changed since this list was opened and were left as they are.</numerusform>
        <numerusform>%n reminders changed since this list was opened and were left as they are.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>… and %n more (the All buttons act on them too)</source>
      <translation>
        <numerusform>… and %n more (the All buttons act on them too)</numerusform>
        <numerusform>… and %n more (the All buttons act on them too)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>NeedsPage</name>
    <message numerus="yes">
      <source>%n need(s)</source>
      <translation>
        <numerusform>%n need</numerusform>
        <numerusform>%n needs</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TodoListModel</name>
    <message numerus="yes">
      <source>Show more (%n not shown yet)</source>
      <translation>
        <numerusform>Show more (%n not shown yet)</numerusform>
        <numerusform>Show more (%n not shown yet)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TodosPage</name>
    <message numerus="yes">
      <source>%n open to-do(s)</source>
      <translation>
        <numerusform>%n open to-do</numerusform>
        <numerusform>%n open to-dos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Done recently (%n)</source>
      <translation>
        <numerusform>Done recently (%n)</numerusform>
        <numerusform>Done recently (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>No date (%n)</source>
      <translation>
        <numerusform>No date (%n)</numerusform>
        <numerusform>No date (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Overdue (%n)</source>
      <translation>
        <numerusform>Overdue (%n)</numerusform>
        <numerusform>Overdue (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Today (%n)</source>
      <translation>
        <numerusform>Today (%n)</numerusform>
        <numerusform>Today (%n)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Upcoming (%n)</source>
      <translation>
        <numerusform>Upcoming (%n)</numerusform>
        <numerusform>Upcoming (%n)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>calendar</name>
    <message numerus="yes">
      <source>%n overdue</source>
      <translation>
        <numerusform>%n overdue</numerusform>
        <numerusform>%n overdue</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s)</source>
      <translation>
        <numerusform>%n renewal</numerusform>
        <numerusform>%n renewals</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n to-do(s)</source>
      <translation>
        <numerusform>%n to-do</numerusform>
        <numerusform>%n to-dos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n visit(s)</source>
      <translation>
        <numerusform>%n visit</numerusform>
        <numerusform>%n visits</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>calendar_actions</name>
    <message numerus="yes">
      <source>%n event(s) exported to %1</source>
      <translation>
        <numerusform>%n event exported to %1</numerusform>
        <numerusform>%n events exported to %1</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>dashboard</name>
    <message numerus="yes">
      <source>%n more QBR(s)</source>
      <translation>
        <numerusform>%n more QBR</numerusform>
        <numerusform>%n more QBRs</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more need(s)</source>
      <translation>
        <numerusform>%n more need</numerusform>
        <numerusform>%n more needs</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more renewal(s)</source>
      <translation>
        <numerusform>%n more renewal</numerusform>
        <numerusform>%n more renewals</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n more visit(s)</source>
      <translation>
        <numerusform>%n more visit</numerusform>
        <numerusform>%n more visits</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open complaint(s)</source>
      <translation>
        <numerusform>%n open complaint</numerusform>
        <numerusform>%n open complaints</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n overdue to-do(s)</source>
      <translation>
        <numerusform>%n overdue to-do</numerusform>
        <numerusform>%n overdue to-dos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>in %n day(s)</source>
      <translation>
        <numerusform>in %n day</numerusform>
        <numerusform>in %n days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>no visit for %n day(s)</source>
      <translation>
        <numerusform>no visit for %n day</numerusform>
        <numerusform>no visit for %n days</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>renewal %n day(s) overdue</source>
      <translation>
        <numerusform>renewal %n day overdue</numerusform>
        <numerusform>renewal %n days overdue</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>renews in %n day(s)</source>
      <translation>
        <numerusform>renews in %n day</numerusform>
        <numerusform>renews in %n days</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>fmt</name>
    <message numerus="yes">
      <source>%n day(s) overdue</source>
      <translation>
        <numerusform>%n day overdue</numerusform>
        <numerusform>%n days overdue</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n open to-do(s)</source>
      <translation>
        <numerusform>%n open to-do</numerusform>
        <numerusform>%n open to-dos</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>in %n day(s)</source>
      <translation>
        <numerusform>in %n day</numerusform>
        <numerusform>in %n days</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>reminders</name>
    <message numerus="yes">
      <source>%n h ago</source>
      <translation>
        <numerusform>%n h ago</numerusform>
        <numerusform>%n h ago</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n min ago</source>
      <translation>
        <numerusform>%n min ago</numerusform>
        <numerusform>%n min ago</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>reports</name>
    <message numerus="yes">
      <source>%n record(s)</source>
      <translation>
        <numerusform>%n record</numerusform>
        <numerusform>%n records</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>%n renewal(s) signed, %1 in total.</source>
      <translation>
        <numerusform>%n renewal signed, %1 in total.</numerusform>
        <numerusform>%n renewals signed, %1 in total.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>and %n more</source>
      <translation>
        <numerusform>and %n more</numerusform>
        <numerusform>and %n more</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>rules</name>
    <message numerus="yes">
      <source>%n customer(s) due for a revisit moved back to To contact.</source>
      <translation>
        <numerusform>%n customer due for a revisit moved back to To contact.</numerusform>
        <numerusform>%n customers due for a revisit moved back to To contact.</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>Moving customers due for a revisit back to To contact: %n so far…</source>
      <translation>
        <numerusform>Moving customers due for a revisit back to To contact: %n so far…</numerusform>
        <numerusform>Moving customers due for a revisit back to To contact: %n so far…</numerusform>
      </translation>
    </message>
  </context>
</TS>
