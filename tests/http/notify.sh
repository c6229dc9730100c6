#!/bin/sh
# notify.sh: notifications end to end with a real SMTP listener on loopback
# (tests/http/smtp_sink.py, Debian's python3-aiosmtpd): a new case reaches
# the unit's manager (inbox and e-mail), feedback reaches the reporter;
# with the listener down a message stays in the outbox with its error and
# is delivered after the backoff once the listener is back.
# Run from the repository root: SKA_BIN=build/ska tests/http/notify.sh
set -u
HERE=$(dirname "$0")
. "$HERE/lib.sh"
PY=/usr/bin/python3
SPID=
suite_init notify
MAIL=$T/mail
q() { sqlite3 "$DB" "$1"; }
wait_for() { # wait_for SECONDS SQL: until the query prints 1
    n=0
    while [ $n -lt $(($1 * 10)) ]; do
        [ "$(q "$2")" = 1 ] && return 0
        sleep 0.1
        n=$((n + 1))
    done
    return 1
}
sink_start() { # sink_start PORT: sets SPID and SPORT
    : >"$T/sink.out"
    "$PY" "$HERE/smtp_sink.py" "$1" "$MAIL" >"$T/sink.out" 2>"$T/sink.err" &
    SPID=$!
    EXTRA_PIDS=$SPID
    i=0
    SPORT=
    while [ $i -lt 100 ]; do
        SPORT=$(sed -n 's/^smtp-sink listening on \([0-9]*\)$/\1/p' "$T/sink.out")
        [ -n "$SPORT" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "smtp sink did not start: $(cat "$T/sink.err")"
    exit 1
}
# mails RCPT NUMBER: "subject|body has number" of each message to RCPT
mails() {
    "$PY" - "$MAIL" "$1" "$2" <<'PYEOF'
import email, email.policy, sys
path, rcpt, number = sys.argv[1:4]
try:
    raw = open(path, "rb").read()
except FileNotFoundError:
    raw = b""
for part in raw.split(b"\r\n=====\r\n"):
    if not part.strip():
        continue
    m = email.message_from_bytes(part, policy=email.policy.default)
    if m["X-Sink-Rcpt"] != rcpt:
        continue
    body = m.get_content()
    ok = (m["Content-Type"].startswith("text/plain") and m["Message-ID"]
          and m["Date"] and m["From"] == "ska@example.invalid"
          and m["To"] == rcpt)
    print("%s|%s|%s" % (m["Subject"], "yes" if number in body else "no",
                        "headers" if ok else "bad-headers"))
PYEOF
}

q "UPDATE app_user SET email = 'chef.psyk@example.invalid' WHERE username = 'chef.psyk';
   UPDATE app_user SET email = 'personal@example.invalid' WHERE username = 'personal';
   UPDATE app_user SET email = 'handl.ect@example.invalid' WHERE username = 'handl.ect';
   UPDATE app_user SET email = 'chef.kard@example.invalid' WHERE username = 'chef.kard';
   UPDATE app_user SET email = 'kvalitet@example.invalid' WHERE username = 'kvalitet';"
sink_start 0
export SKA_TEST_SMTP_BACKOFF=1
server_start --smtp "smtp://127.0.0.1:$SPORT" --smtp-from ska@example.invalid
ECT=$(q "SELECT id FROM org_unit WHERE code = 'LVPS-ECT'")
CHEF=$(q "SELECT id FROM app_user WHERE username = 'chef.psyk'")
PERS=$(q "SELECT id FROM app_user WHERE username = 'personal'")

# ---- a new case reaches the unit's manager ----
P=$(login personal)
JP=$T/personal
expect "personal reports at LVPS-ECT" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Fel dos vid kvällsmedicineringen" \
    -d "type=deviation&unit=$ECT" "$B/report")"
CASE=$(q "SELECT max(id) FROM cases")
NUMBER=$(q "SELECT number FROM cases WHERE id = $CASE")
expect "chef.psyk has an inbox entry" 1 \
    "$(q "SELECT count(*) FROM notification WHERE user_id = $CHEF AND case_id = $CASE AND kind = 'new'")"
expect "and an outbox row" 1 \
    "$(q "SELECT count(*) FROM outbox o JOIN notification n ON n.id = o.notification_id WHERE n.user_id = $CHEF AND n.case_id = $CASE AND o.to_addr = 'chef.psyk@example.invalid'")"
C=$(login chef.psyk)
JC=$T/chef.psyk
expect "chef.psyk's inbox" 200 "$(st "$JC" "$B/inbox")"
has "the inbox lists the case" "$NUMBER"
has "the entry is unread" "Oläst"
# the first reminder sweep ran at start over the demo's deadlines too
has "the nav shows the unread count" \
    "Inkorg ($(q "SELECT count(*) FROM notification WHERE user_id = $CHEF AND read_at IS NULL"))"
KARD=$(q "SELECT id FROM app_user WHERE username = 'chef.kard'")
expect "chef.kard, deputy of chef.psyk today, has a marked copy" 1 \
    "$(q "SELECT count(*) FROM notification WHERE user_id = $KARD AND case_id = $CASE AND kind = 'new' AND deputy_for = $CHEF AND subject LIKE '[Kopia som ersättare för Per Holm] %'")"
if wait_for 10 "SELECT sent_at IS NOT NULL FROM outbox o JOIN notification n ON n.id = o.notification_id WHERE n.user_id = $CHEF AND n.case_id = $CASE"; then
    PASS=$((PASS + 1))
else
    FAIL=$((FAIL + 1))
    echo "FAIL: the new-case e-mail was not sent: $(q "SELECT attempts, last_error FROM outbox")"
fi
expect "the manager's e-mail arrived" "Ny avvikelse: $NUMBER|yes|headers" \
    "$(mails chef.psyk@example.invalid "$NUMBER" | grep "$NUMBER|yes")"
wait_for 10 "SELECT count(*) = 0 FROM outbox o JOIN notification n ON n.id = o.notification_id WHERE n.case_id = $CASE AND o.sent_at IS NULL" || true
expect "the deputy's copy arrived by e-mail" \
    "[Kopia som ersättare för Per Holm] Ny avvikelse: $NUMBER|yes|headers" \
    "$(mails chef.kard@example.invalid "$NUMBER" | grep "$NUMBER|yes")"

# ---- feedback reaches the reporter ----
H=$(login handl.ect)
JH=$T/handl.ect
expect "handl.ect gives feedback" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=3&system_fault=1&care_injury=none&take=1" \
    --data-urlencode "feedback=Tack! Vi har infört dubbelkontroll." \
    "$B/cases/$CASE")"
expect "the reporter has a feedback entry" 1 \
    "$(q "SELECT count(*) FROM notification WHERE user_id = $PERS AND case_id = $CASE AND kind = 'feedback'")"
wait_for 10 "SELECT count(*) = 0 FROM outbox WHERE sent_at IS NULL" || true
expect "the reporter's e-mail arrived (subject RFC 2047-decoded)" \
    "Återkoppling på din avvikelse $NUMBER|yes|headers" \
    "$(mails personal@example.invalid "$NUMBER")"
grep -q "^Subject: =?UTF-8?B?" "$MAIL" && PASS=$((PASS + 1)) ||
    { FAIL=$((FAIL + 1)); echo "FAIL: no encoded-word subject on the wire"; }
expect "the same feedback again sends nothing" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "consequence=2&probability=3&system_fault=1&care_injury=none" \
    --data-urlencode "feedback=Tack! Vi har infört dubbelkontroll." \
    "$B/cases/$CASE")"
expect "still one feedback entry" 1 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE AND kind = 'feedback'")"
TOK=$("$SKA" token create --db "$DB" --username handl.ect)
expect "feedback changed through the API" 200 "$(curl -s -o "$T/body" \
    -w '%{http_code}' -X PATCH -H "Authorization: Bearer $TOK" \
    -H 'Content-Type: application/json' \
    --data '{"feedback":"Tack! Dubbelkontrollen gäller nu alla pass."}' \
    "$B/api/v1/cases/$CASE")"
expect "reaches the reporter too" 2 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE AND kind = 'feedback'")"
expect "the handler sees the case" 200 "$(st "$JH" "$B/cases/$CASE")"
has "the case lists its notifications" "Aviseringar"
has "with the manager" "Per Holm"
has "delivered" "E-post skickad"
expect "the reporter's case page" 200 "$(st "$JP" "$B/cases/$CASE")"
if grep -q "h-notifications" "$T/body"; then
    FAIL=$((FAIL + 1))
    echo "FAIL: the reporter sees the notification list"
else
    PASS=$((PASS + 1))
fi

# ---- mark read ----
NID=$(q "SELECT id FROM notification WHERE user_id = $CHEF AND case_id = $CASE")
expect "someone else's notification" 404 "$(st "$JP" --data-urlencode "_csrf=$P" \
    "$B/inbox/$NID/read")"
expect "mark read" 303 "$(st "$JC" --data-urlencode "_csrf=$C" "$B/inbox/$NID/read")"
expect "read" 1 "$(q "SELECT read_at IS NOT NULL FROM notification WHERE id = $NID")"

# ---- the listener is down: the message waits, then is delivered ----
kill -TERM "$SPID"
wait "$SPID" 2>/dev/null
SPID=
EXTRA_PIDS=
expect "another report" 303 "$(st "$JP" --data-urlencode "_csrf=$P" \
    --data-urlencode "what=Larmet på avdelningen fungerade inte" \
    -d "type=deviation&unit=$ECT" "$B/report")"
CASE2=$(q "SELECT max(id) FROM cases")
NUMBER2=$(q "SELECT number FROM cases WHERE id = $CASE2")
OB="SELECT o.id FROM outbox o JOIN notification n ON n.id = o.notification_id WHERE n.case_id = $CASE2 AND n.user_id = $CHEF"
if wait_for 10 "SELECT attempts >= 1 AND last_error IS NOT NULL AND sent_at IS NULL FROM outbox WHERE id = ($OB)"; then
    PASS=$((PASS + 1))
else
    FAIL=$((FAIL + 1))
    echo "FAIL: no failed attempt recorded: $(q "SELECT attempts, last_error, sent_at FROM outbox WHERE id = ($OB)")"
fi
expect "the failed message is kept" 1 "$(q "SELECT count(*) FROM outbox WHERE id = ($OB)")"
expect "the handler sees it pending" 200 "$(st "$JH" "$B/cases/$CASE2")"
has "pending" "försöker igen"
sink_start "$SPORT"
if wait_for 30 "SELECT sent_at IS NOT NULL FROM outbox WHERE id = ($OB)"; then
    PASS=$((PASS + 1))
else
    FAIL=$((FAIL + 1))
    echo "FAIL: not delivered after the listener came back: $(q "SELECT attempts, last_error FROM outbox WHERE id = ($OB)")"
fi
expect "it arrived after the backoff" "Ny avvikelse: $NUMBER2|yes|headers" \
    "$(mails chef.psyk@example.invalid "$NUMBER2" | grep "$NUMBER2")"
expect "no message lost or sent twice" 0 \
    "$(q "SELECT count(*) FROM outbox WHERE sent_at IS NULL")"

# ---- reminders and escalation, with the server's clock moved ahead ----
# CASE2 is new (limit 7 days) without a handler; the handler (English) takes
# it, so its state clock runs from now: reminder 2 days before the limit,
# overdue on it, escalation 7 days after it (the defaults).
HECT=$(q "SELECT id FROM app_user WHERE username = 'handl.ect'")
QUAL=$(q "SELECT id FROM app_user WHERE username = 'kvalitet'")
H=$(login handl.ect)
expect "handl.ect takes case 2" 303 "$(st "$JH" --data-urlencode "_csrf=$H" \
    -d "take=1" "$B/cases/$CASE2")"
q "UPDATE cases SET state_since = strftime('%s', 'now') WHERE id = $CASE2;
   UPDATE app_user SET lang = 'en' WHERE id = $HECT"
DAY=86400
restart() { # restart OFFSET_SECONDS: the server again, its clock moved
    kill -TERM "$PID"
    wait "$PID" 2>/dev/null
    server_start --smtp "smtp://127.0.0.1:$SPORT" --smtp-from ska@example.invalid \
        --clock-offset "$1"
}
sent() { # sent STAGE: reminders of CASE2's state clock with that stage
    q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_$1'"
}
restart $((4 * DAY))
expect "four days on: no reminder yet" 0 "$(sent before)"
restart $((5 * DAY + 3600))
expect "two days before the limit: one reminder" 1 "$(sent before)"
expect "to the handler" 1 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_before' AND user_id = $HECT")"
expect "in the handler's language" 1 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_before' AND subject = 'Reminder, the deadline is near: $NUMBER2'")"
expect "recorded once for its deadline" 1 \
    "$(q "SELECT count(*) FROM reminder_sent WHERE entity = 'case' AND entity_id = $CASE2 AND kind = 'state.new' AND stage = 'before'")"
expect "and audited" 1 \
    "$(q "SELECT count(*) FROM audit_log WHERE action = 'remind' AND entity = 'case' AND entity_id = $CASE2")"
restart $((5 * DAY + 7200))
expect "a restart sends it again: no" 1 "$(sent before)"
restart $((7 * DAY + 3600))
expect "on the deadline: overdue to the handler, once" 1 "$(sent due)"
restart $((14 * DAY + 3600))
expect "a week after: escalated" 1 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_escalate' AND user_id = $CHEF")"
expect "to the quality coordinator too" 1 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_escalate' AND user_id = $QUAL")"
expect "not to the handler" 0 \
    "$(q "SELECT count(*) FROM notification WHERE case_id = $CASE2 AND kind = 'remind_escalate' AND user_id = $HECT")"
ESC=$(sent escalate)
restart $((14 * DAY + 7200))
expect "no second escalation after a restart" "$ESC" "$(sent escalate)"
wait_for 20 "SELECT count(*) = 0 FROM outbox o JOIN notification n ON n.id = o.notification_id WHERE n.case_id = $CASE2 AND o.sent_at IS NULL" || true
expect "the reminder e-mail arrived once" \
    "Reminder, the deadline is near: $NUMBER2|yes|headers" \
    "$(mails handl.ect@example.invalid "$NUMBER2" | grep "Reminder.*$NUMBER2|yes")"
expect "the overdue e-mail arrived once" \
    "The deadline has passed: $NUMBER2|yes|headers" \
    "$(mails handl.ect@example.invalid "$NUMBER2" | grep "passed.*$NUMBER2|yes")"
expect "the escalation e-mail arrived once" \
    "Eskalering, försenat: $NUMBER2|yes|headers" \
    "$(mails chef.psyk@example.invalid "$NUMBER2" | grep "Eskalering.*$NUMBER2|yes")"
expect "and once to the quality coordinator" 1 \
    "$(mails kvalitet@example.invalid "$NUMBER2" | grep -c "Eskalering.*$NUMBER2|yes")"
# a moved deadline (the provider's limit for new cases raised to 20 days)
# is another deadline: its reminders go out again
PROV=$(q "SELECT provider_id FROM cases WHERE id = $CASE2")
q "INSERT INTO provider_time_limit (provider_id, key, days) VALUES ($PROV, 'state.new', 20)"
restart $((18 * DAY + 3600))
expect "the moved deadline gets its own reminder" 2 "$(sent before)"

suite_end
