-- Call-next and finish on PostgreSQL: the queue's two hot actions as one statement each.
--
-- The rules here are the ones services/queue/calling.py states in Python for SQLite; both paths
-- run the same tests (the call-order state machine included). A rule changed there is changed
-- here too. This file is executed by migration 0004 and by every later migration that changes
-- the functions: to change a rule, edit this file and add a migration whose upgrade() calls
-- services.queue.calling_pg.create_functions() (CREATE OR REPLACE: running it again is safe).
--
-- Errors are raised with SQLSTATE QC403 / QC404 / QC409 and the Chinese message the clerk sees;
-- calling_pg.py turns them into Forbidden / NotFound / Conflict.
--
-- SET LOCAL synchronous_commit = off: asynchronous commit for these transactions only. The
-- hall's event counter row is locked until the commit; waiting there for the WAL flush as well
-- halved the hall's call rate (pgbench, 50 windows: 225 -> 430 call+finish/s on the 2-core test
-- machine). The risk is bounded: a crash of the database server itself may forget the last
-- fraction of a second of calls (wal_writer_delay), and the database stays consistent; a
-- forgotten call leaves its ticket waiting, to be called again. Cases and sync never run through
-- here and stay synchronous.
--
-- Statements are separated by a line holding only "-- ;;" (the migration runs them one by one).

-- The hall's window (ids and label), or QC404 naming what is missing: how both actions start.
CREATE OR REPLACE FUNCTION queue_window_of(
    p_hall text, p_window_no int,
    OUT hall_id int, OUT window_id int, OUT window_label text
) LANGUAGE plpgsql STABLE AS $fn$
BEGIN
    SELECT h.id, w.id, w.label INTO hall_id, window_id, window_label
    FROM halls h JOIN windows w ON w.hall_id = h.id
    WHERE h.code = p_hall AND w.number = p_window_no;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM halls WHERE code = p_hall) THEN
            RAISE EXCEPTION USING ERRCODE = 'QC404', MESSAGE = format('大厅%s不存在', p_hall);
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'QC404',
            MESSAGE = format('本大厅没有%s号窗口', p_window_no);
    END IF;
END
$fn$;
-- ;;
CREATE OR REPLACE FUNCTION queue_call_next(
    p_hall text, p_window_no int, p_request_id text, p_clerk text, p_clerk_name text,
    p_now timestamptz, p_day date
) RETURNS SETOF queue_tickets LANGUAGE plpgsql AS $fn$
DECLARE
    v_hall_id int; v_window_id int; v_window_label text;
    v_state queue_window_states; v_ticket queue_tickets; v_current queue_tickets;
    v_stored queue_call_requests; v_queue queues; v_status json; v_events json; v_last int;
BEGIN
    SET LOCAL synchronous_commit = off;
    SELECT f.hall_id, f.window_id, f.window_label INTO v_hall_id, v_window_id, v_window_label
    FROM queue_window_of(p_hall, p_window_no) f;
    -- A retried request answers what the first one did (the ticket as it is now).
    INSERT INTO queue_call_requests (request_id, window_id, action, created_at)
    VALUES (p_request_id, v_window_id, 'call_next', p_now)
    ON CONFLICT (request_id) DO NOTHING;
    IF NOT FOUND THEN
        SELECT * INTO v_stored FROM queue_call_requests WHERE request_id = p_request_id;
        IF v_stored.window_id <> v_window_id OR v_stored.action <> 'call_next' THEN
            RAISE EXCEPTION USING ERRCODE = 'QC409',
                MESSAGE = '请求编号已被其他操作使用，请重新操作';
        END IF;
        RETURN QUERY SELECT * FROM queue_tickets WHERE id = v_stored.ticket_id;
        RETURN;
    END IF;
    -- The window's state row, created if missing, locked for this transaction.
    INSERT INTO queue_window_states AS s (window_id, status, updated_at)
    VALUES (v_window_id, 'closed', p_now)
    ON CONFLICT (window_id) DO UPDATE SET window_id = EXCLUDED.window_id
    RETURNING s.* INTO v_state;
    IF v_state.status = 'paused' THEN
        RAISE EXCEPTION USING ERRCODE = 'QC409', MESSAGE = '窗口已暂停，请先恢复服务';
    END IF;
    IF v_state.current_ticket_id IS NOT NULL THEN
        SELECT * INTO v_current FROM queue_tickets WHERE id = v_state.current_ticket_id FOR UPDATE;
        IF FOUND AND v_current.status IN ('called', 'serving') THEN
            RAISE EXCEPTION USING ERRCODE = 'QC409',
                MESSAGE = format('当前号码%s尚未办结，请先办结、过号或转出', v_current.number);
        END IF;
    END IF;
    -- The pick: transferred to this window, or in its profile; priority, ticket time, then
    -- the profile's order of preference. SKIP LOCKED: two windows never take the same one.
    UPDATE queue_tickets SET status = 'called', window_id = v_window_id, clerk = p_clerk,
        call_count = call_count + 1, called_at = p_now
    WHERE id = (
        SELECT t.id FROM queue_tickets t
        LEFT JOIN window_queues l ON l.queue_id = t.queue_id AND l.window_id = v_window_id
        WHERE t.hall_id = v_hall_id AND t.status = 'waiting' AND t.service_date = p_day
          AND ((t.target_window_id IS NULL AND l.window_id IS NOT NULL)
               OR t.target_window_id = v_window_id)
        ORDER BY t.priority, t.sort_at, coalesce(l.position, 99), t.id
        LIMIT 1 FOR UPDATE OF t SKIP LOCKED
    )
    RETURNING * INTO v_ticket;
    UPDATE queue_window_states SET
        status = CASE WHEN status = 'paused' THEN status ELSE 'open' END,
        clerk = p_clerk, clerk_name = p_clerk_name, updated_at = p_now,
        current_ticket_id = coalesce(v_ticket.id, current_ticket_id)
    WHERE window_id = v_window_id;
    IF v_ticket.id IS NULL THEN
        RETURN;  -- nobody waits; the request id is kept, a retry answers the same
    END IF;
    UPDATE queue_call_requests SET ticket_id = v_ticket.id WHERE request_id = p_request_id;
    SELECT * INTO v_queue FROM queues WHERE id = v_ticket.queue_id;
    SELECT json_build_object('queues', json_build_array(json_build_object(
        'code', v_queue.code, 'name', v_queue.name, 'prefix', v_queue.prefix,
        'waiting', count(*) FILTER (WHERE t.status = 'waiting'),
        'longest_wait_s', coalesce(greatest(0, floor(extract(epoch FROM
            p_now - min(t.issued_at) FILTER (WHERE t.status = 'waiting'))))::int, 0),
        'missed', count(*) FILTER (WHERE t.status = 'missed'))))
    INTO v_status
    FROM queue_tickets t
    WHERE t.queue_id = v_queue.id AND t.service_date = p_day AND t.status IN ('waiting', 'missed');
    v_events := json_build_array(
        json_build_object('kind', 'ticket_called', 'data', json_build_object(
            'ticket_id', v_ticket.id, 'number', v_ticket.number, 'queue', v_queue.code,
            'window_no', p_window_no, 'window_label', v_window_label, 'recall', false,
            'call_count', v_ticket.call_count)),
        json_build_object('kind', 'queue_status', 'data', v_status));
    -- The hall's events: counter, log and NOTIFY (as services/events.py's append_events).
    INSERT INTO queue_event_counters AS c (hall_code, last_seq)
    VALUES (p_hall, json_array_length(v_events))
    ON CONFLICT (hall_code) DO UPDATE SET last_seq = c.last_seq + EXCLUDED.last_seq
    RETURNING c.last_seq INTO v_last;
    INSERT INTO queue_events (hall_code, seq, kind, data, created_at)
    SELECT p_hall, v_last - json_array_length(v_events) + e.ord::int,
           e.value ->> 'kind', e.value -> 'data', p_now
    FROM json_array_elements(v_events) WITH ORDINALITY AS e(value, ord);
    PERFORM pg_notify('clerk_events', p_hall || ':' || v_last);
    RETURN NEXT v_ticket;
END
$fn$;
-- ;;
CREATE OR REPLACE FUNCTION queue_finish(
    p_hall text, p_window_no int, p_outcome text, p_case_numbers json, p_now timestamptz
) RETURNS SETOF queue_tickets LANGUAGE plpgsql AS $fn$
DECLARE
    v_hall_id int; v_window_id int; v_window_label text;
    v_state queue_window_states; v_ticket queue_tickets; v_events json; v_last int;
BEGIN
    SET LOCAL synchronous_commit = off;
    SELECT f.hall_id, f.window_id, f.window_label INTO v_hall_id, v_window_id, v_window_label
    FROM queue_window_of(p_hall, p_window_no) f;
    -- The window's state row, created if missing, locked for this transaction.
    INSERT INTO queue_window_states AS s (window_id, status, updated_at)
    VALUES (v_window_id, 'closed', p_now)
    ON CONFLICT (window_id) DO UPDATE SET window_id = EXCLUDED.window_id
    RETURNING s.* INTO v_state;
    UPDATE queue_tickets SET status = 'finished', finished_at = p_now, outcome = p_outcome,
        case_numbers = p_case_numbers
    WHERE id = v_state.current_ticket_id AND status IN ('called', 'serving')
    RETURNING * INTO v_ticket;
    IF v_ticket.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'QC409', MESSAGE = '当前没有正在办理的号码';
    END IF;
    UPDATE queue_window_states SET current_ticket_id = NULL, updated_at = p_now
    WHERE window_id = v_window_id;
    v_events := json_build_array(json_build_object('kind', 'ticket_finished',
        'data', json_build_object('ticket_id', v_ticket.id, 'number', v_ticket.number,
            'window_no', p_window_no, 'outcome', p_outcome, 'case_numbers', p_case_numbers)));
    -- The hall's events: counter, log and NOTIFY (as services/events.py's append_events).
    INSERT INTO queue_event_counters AS c (hall_code, last_seq)
    VALUES (p_hall, json_array_length(v_events))
    ON CONFLICT (hall_code) DO UPDATE SET last_seq = c.last_seq + EXCLUDED.last_seq
    RETURNING c.last_seq INTO v_last;
    INSERT INTO queue_events (hall_code, seq, kind, data, created_at)
    SELECT p_hall, v_last - json_array_length(v_events) + e.ord::int,
           e.value ->> 'kind', e.value -> 'data', p_now
    FROM json_array_elements(v_events) WITH ORDINALITY AS e(value, ord);
    PERFORM pg_notify('clerk_events', p_hall || ':' || v_last);
    RETURN NEXT v_ticket;
END
$fn$;
