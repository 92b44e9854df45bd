#!/usr/bin/env python3
"""A stand-in for jk_interprocesssync 0.2020.4.1, for ipsync's interoperability tests.

The original module cannot be installed on the build machines, so this script re-implements
the behaviour that the project's protocol page (PROTOCOL.md, "The on-disk protocol of
jk_interprocesssync") states for its Event, JSONDataEvent and JSONDataQueue, written from that
description and from nothing else. It keeps the original's weak spots wherever they shape what
lands on disk or what a peer can observe, because those are what ipsync must survive:

* Event: a signal is "open for writing, close"; listeners compare float mtimes only.
* JSONDataEvent: the temporary file is named "tmp_" + filePath + ".tmp" relative to the
  working directory (so only bare file names work), and the target is deleted before the
  temporary file is renamed onto it (readers can find it missing). The listener does not catch
  a missing file between its stat and its open; and since it stats before it opens, it can read
  a value newer than the mtime it noted and deliver that value again on its next poll.
* JSONDataQueue: no tie-breaker for two puts with the same nanosecond timestamp; falsy values
  are stored as empty files; consumers read, then unlink, and skip silently whatever fails.

One deliberate difference: the original's consumer loop never sleeps (an idle consumer burns a
core); this one sleeps CONSUMER_IDLE_SLEEP between listings that found nothing, so that tests
sharing a small machine stay fast. That changes timing only, never what is read or written. The
bench's spinning consumer (bench-spin, JSONDataQueue.spinG) keeps the original's busy-wait, as
it is what the bench measures ipsync against.

Python standard library only. Command-line interface for the tests (every listener prints
"ready" once initialised, then one line per wake-up or message, flushing each line; every
command exits with TIMEOUT_EXIT_CODE when its timeout passes first):

  queue-put DIR JSON...                  put each value, print each message name
  queue-put-stdin DIR                    put one value per stdin line, print each message name
  queue-get DIR [--count N] [--until-eof] --timeout S
                                         print each message taken as one JSON line (null for None)
  queue-peek DIR                         print the names a consumer's listing would take now
  event-signal FILE                      signal once
  event-mtime FILE                       print the st_mtime a listener would compare (its repr)
  event-wait FILE --count N --timeout S [--no-fire-on-init] [--sleep S]
                                         print "wake <st_mtime>" per wake-up
  data-signal FILE [--hold-in-gap] JSON...
                                         signal each value in turn (bare FILE, CWD = its folder);
                                         optionally hold each write with the file missing until a
                                         line comes on stdin
  data-count FILE N                      signal 1, 2, ... N in turn, as fast as the original
                                         writes (bare FILE, CWD = its folder)
  data-wait FILE [--count N] [--until JSON] --timeout S [--no-fire-on-init] [--sleep S]
                                         print each value received as one JSON line

Two more commands are the Python side of `ipsync bench` (scenarios python-paced, python-flat-out
and warm-up). They talk to the bench as its Java children do: they print "ready" once set up,
"warm" (consumer) at the first message numbered --warmup or more, and "result <JSON>" at the end;
they begin on a line "go" on stdin (producer) and end when stdin ends. Messages are
{"seq": N, "sentAt": <epoch nanoseconds just before the put>, "note": ...}, as ipsync's bench
producer writes them, so either side can compute latency against the shared wall clock:

  bench-produce DIR [--burst N] [--count N] [--seconds S] [--rate R]
                                         on "go": put --burst messages flat out and wait until
                                         they are taken, then put up to --count (all included)
                                         or for --seconds, paced at --rate a second (0: flat out,
                                         as the original's repeatedly-fire---measure-speed.py)
  bench-spin DIR [--warmup N] [--count N] [--idle-limit S]
                                         take messages as the original's consumer loop does,
                                         listing again at once without sleeping (its busy-wait,
                                         as in wait---measure-speed.py), until --count are taken
                                         or stdin ends; latencies of messages numbered --warmup
                                         or more go into the result
"""

import argparse
import json
import math
import os
import random
import string
import sys
import threading
import time

TIMEOUT_EXIT_CODE = 3

CONSUMER_IDLE_SLEEP = 0.005

# The original opens files with the platform's default encoding, which is UTF-8 on the hosts
# that run it. Stated here so that the tests do not depend on the locale of the build machine.
FILE_ENCODING = "utf-8"


def _mtime_or_none(file_path):
    try:
        return os.stat(file_path).st_mtime
    except FileNotFoundError:
        return None


class Event(object):
    """An auto-reset event: a file whose modification time is the signal."""

    def __init__(self, filePath, bFireOnInit=True, sleepTime=1):
        self.__filePath = filePath
        self.__sleepTime = sleepTime
        self.__bCancel = False
        if bFireOnInit:
            self.__lastMTime = -1
        else:
            # PROTOCOL.md says "the file's current mtime"; for a missing file it says nothing.
            # Taken here as "never seen": the first signal that creates the file fires.
            current = _mtime_or_none(filePath)
            self.__lastMTime = -1 if current is None else current

    @property
    def lastMTime(self):
        return self.__lastMTime

    def signal(self):
        # Creates or truncates the file; the kernel moves its mtime to "now" (one clock tick).
        with open(self.__filePath, "w"):
            pass

    def cancelWait(self):
        self.__bCancel = True

    def wait(self):
        """Blocks until the mtime differs from the last one seen; False when cancelled."""
        while not self.__bCancel:
            time.sleep(min(1, self.__sleepTime))
            if self.__bCancel:
                break
            if os.path.isfile(self.__filePath):
                mtime = os.stat(self.__filePath).st_mtime
                if mtime != self.__lastMTime:
                    self.__lastMTime = mtime
                    return True
        return False


class JSONDataEvent(object):
    """The latest JSON value in one file."""

    def __init__(self, filePath, bFireOnInit=True, sleepTime=1):
        self.__filePath = filePath
        self.__event = Event(filePath, bFireOnInit=bFireOnInit, sleepTime=sleepTime)

    def signal(self, data, inGap=None):
        """Publishes data. inGap, a test hook absent from the original, is called between the
        delete and the rename, to hold the writer there as a descheduled process would be held."""
        # Relative to the working directory: with a path that holds a folder, "tmp_<folder>"
        # does not exist and open() raises FileNotFoundError, as in the original.
        tmpFilePath = "tmp_" + self.__filePath + ".tmp"
        with open(tmpFilePath, "w", encoding=FILE_ENCODING) as f:
            if data:
                json.dump(data, f)
        # The original's gap: between these two steps the target does not exist.
        if os.path.isfile(self.__filePath):
            os.unlink(self.__filePath)
        if inGap is not None:
            inGap()
        os.rename(tmpFilePath, self.__filePath)

    def cancelWait(self):
        self.__event.cancelWait()

    def wait(self):
        """Blocks until the file changes and returns (True, value); (False, None) when cancelled.

        A file removed between the stat and the open raises FileNotFoundError, uncaught.
        """
        if not self.__event.wait():
            return (False, None)
        with open(self.__filePath, "r", encoding=FILE_ENCODING) as f:
            text = f.read()
        return (True, json.loads(text) if text else None)


class JSONDataQueue(object):
    """A directory with one file per message."""

    def __init__(self, dirPath):
        if not os.path.isdir(dirPath):
            raise FileNotFoundError("The queue directory does not exist: " + dirPath)
        self.__dirPath = dirPath
        self.__producerID = "".join(random.choice(string.ascii_letters) for _ in range(32))
        # The original keeps a "last time" for a tie-breaker but never updates it, so the
        # tie-breaker never runs: two puts with the same timestamp get the same name.

    def put(self, data):
        """Puts one message and returns its name."""
        t = int(time.time() * 1000000000)
        name = "q_" + str(t) + "_" + self.__producerID
        tmpFilePath = os.path.join(self.__dirPath, "tmp_" + name + ".tmp")
        with open(tmpFilePath, "w", encoding=FILE_ENCODING) as f:
            if data:
                json.dump(data, f)
        os.rename(tmpFilePath, os.path.join(self.__dirPath, name))
        return name

    def listMessageNames(self):
        """The names one listing would take, in the order it takes them."""
        names = []
        for name in os.listdir(self.__dirPath):
            if name.startswith("q_") and os.path.isfile(os.path.join(self.__dirPath, name)):
                names.append(name)
        names.sort()
        return names

    def takeAvailable(self):
        """One pass of the consumer loop: yields the value of every message it manages to take."""
        for name in self.listMessageNames():
            filePath = os.path.join(self.__dirPath, name)
            try:
                with open(filePath, "r", encoding=FILE_ENCODING) as f:
                    text = f.read()
                os.unlink(filePath)
            except Exception:
                # Another consumer took it first (unlinked it, or claimed it by a rename).
                continue
            # Malformed JSON raises here, after the unlink: the message is lost and the loop dies.
            yield json.loads(text) if text else None

    def spinG(self, shouldStop=lambda: False):
        """The original's consumer loop as it runs: it lists again at once, never sleeping."""
        while not shouldStop():
            for data in self.takeAvailable():
                yield data

    def getG(self, shouldStop=lambda: False):
        while not shouldStop():
            found = False
            for data in self.takeAvailable():
                found = True
                yield data
            if not found:
                # Not in the original (its loop never sleeps); see the module comment.
                time.sleep(CONSUMER_IDLE_SLEEP)


# ---------------------------------------------------------------- command-line interface

def _emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _dumps_line(value):
    # One line, ASCII only (ensure_ascii), NaN and Infinity as Python writes them.
    return json.dumps(value)


def _timed_out(what):
    sys.stderr.write("timeout: " + what + "\n")
    sys.stderr.flush()
    return TIMEOUT_EXIT_CODE


def _cancel_after(seconds, target):
    timer = threading.Timer(seconds, target.cancelWait)
    timer.daemon = True
    timer.start()
    return timer


def cmd_queue_put(args):
    queue = JSONDataQueue(args.dir)
    for text in args.values:
        _emit(queue.put(json.loads(text)))
    return 0


def cmd_queue_put_stdin(args):
    queue = JSONDataQueue(args.dir)
    for raw in sys.stdin.buffer:
        text = raw.decode("utf-8").strip()
        if text:
            _emit(queue.put(json.loads(text)))
    return 0


def cmd_queue_get(args):
    queue = JSONDataQueue(args.dir)
    stdin_closed = threading.Event()
    if args.until_eof:
        def watch_stdin():
            sys.stdin.buffer.read()
            stdin_closed.set()
        threading.Thread(target=watch_stdin, daemon=True).start()
    deadline = time.monotonic() + args.timeout
    _emit("ready")
    taken = 0
    if args.count is not None and args.count <= 0:
        return 0
    for data in queue.getG(lambda: stdin_closed.is_set() or time.monotonic() > deadline):
        _emit(_dumps_line(data))
        taken += 1
        if args.count is not None and taken >= args.count:
            return 0
    if stdin_closed.is_set():
        return 0
    return _timed_out("took %d message(s) from %s" % (taken, args.dir))


def cmd_queue_peek(args):
    for name in JSONDataQueue(args.dir).listMessageNames():
        _emit(name)
    return 0


def cmd_event_signal(args):
    Event(args.file).signal()
    return 0


def cmd_event_mtime(args):
    _emit(repr(os.stat(args.file).st_mtime))
    return 0


def cmd_event_wait(args):
    event = Event(args.file, bFireOnInit=not args.no_fire_on_init, sleepTime=args.sleep)
    _cancel_after(args.timeout, event)
    _emit("ready")
    for n in range(args.count):
        if not event.wait():
            return _timed_out("woke %d time(s) on %s" % (n, args.file))
        _emit("wake " + repr(event.lastMTime))
    return 0


def cmd_data_signal(args):
    event = JSONDataEvent(args.file)
    inGap = None
    if args.hold_in_gap:
        def inGap():
            _emit("in-gap")
            sys.stdin.readline()
    for text in args.values:
        event.signal(json.loads(text), inGap)
    return 0


def cmd_data_count(args):
    event = JSONDataEvent(args.file)
    for n in range(1, args.count + 1):
        event.signal(n)
    return 0


def cmd_data_wait(args):
    event = JSONDataEvent(args.file, bFireOnInit=not args.no_fire_on_init, sleepTime=args.sleep)
    until = json.loads(args.until) if args.until is not None else None
    _cancel_after(args.timeout, event)
    _emit("ready")
    received = 0
    while args.count is None or received < args.count:
        ok, data = event.wait()
        if not ok:
            return _timed_out("received %d value(s) from %s" % (received, args.file))
        _emit(_dumps_line(data))
        received += 1
        if args.until is not None and data == until:
            return 0
    return 0


# ---------------------------------------------------------------- ipsync bench roles

BENCH_NOTE = "about ninety bytes of JSON per message"

# Bounds on every wait of the bench roles: the bench normally ends them much sooner.
BENCH_LONGEST_WAIT_FOR_GO = 600
BENCH_LONGEST_WAIT_FOR_BURST = 300
BENCH_LONGEST_WAIT_FOR_END = 60
BENCH_BURST_CHECK_INTERVAL = 0.01


class _BenchLink(object):
    """A bench child's link to the bench: "go" and the end of input come on stdin (read on a
    daemon thread, so the roles never block on it), lines go to stdout."""

    def __init__(self):
        self.go = threading.Event()
        self.ended = threading.Event()
        threading.Thread(target=self.__listen, daemon=True).start()

    def __listen(self):
        try:
            for raw in sys.stdin.buffer:
                if raw.strip() == b"go":
                    self.go.set()
        finally:
            self.ended.set()
            self.go.set()  # a role waiting to begin must not wait for an input that has ended

    def await_go(self):
        return self.go.wait(BENCH_LONGEST_WAIT_FOR_GO) and not self.ended.is_set()

    def report(self, result):
        """Tells the result, then stays (CPU time readable) until the bench ends the input."""
        _emit("result " + json.dumps(result))
        self.ended.wait(BENCH_LONGEST_WAIT_FOR_END)


def _bench_message(seq):
    return {"seq": seq, "sentAt": time.time_ns(), "note": BENCH_NOTE}


def _latency_summary(latencies, negative):
    """Percentiles by nearest rank, in nanoseconds, in the shape of the bench's LatencySummary."""
    ordered = sorted(latencies)

    def at(percentile):
        if not ordered:
            return 0
        return ordered[max(0, math.ceil(percentile / 100.0 * len(ordered)) - 1)]

    return {"count": len(ordered), "negative": negative, "p50": at(50), "p90": at(90), "p99": at(99),
            "p999": at(99.9), "max": ordered[-1] if ordered else 0}


def _any_message_waits(dirPath):
    """Whether a q_ entry is left: cheaper than a consumer's listing (no stat, no sort), as the
    producer asks it every BENCH_BURST_CHECK_INTERVAL while a consumer drains the burst."""
    with os.scandir(dirPath) as entries:
        return any(entry.name.startswith("q_") for entry in entries)


def cmd_bench_produce(args):
    queue = JSONDataQueue(args.dir)
    link = _BenchLink()
    _emit("ready")
    if not link.await_go():
        return 0
    for seq in range(args.burst):
        queue.put(_bench_message(seq))
    if args.burst > 0:
        deadline = time.monotonic() + BENCH_LONGEST_WAIT_FOR_BURST
        while _any_message_waits(args.dir):
            if link.ended.is_set():
                return 0
            if time.monotonic() > deadline:
                return _timed_out("the warm-up burst of %d was not taken from %s" % (args.burst, args.dir))
            time.sleep(BENCH_BURST_CHECK_INTERVAL)
    cpu_before = time.process_time_ns()
    first_put = time.time_ns()
    start = time.monotonic()
    stop_at = None if args.seconds is None else start + args.seconds
    seq = args.burst
    while not link.ended.is_set():
        if args.count is not None and seq >= args.count:
            break
        if stop_at is not None and time.monotonic() >= stop_at:
            break
        if args.rate > 0:
            # A fixed schedule: one put late is followed by the next at once, so the rate holds.
            delay = start + (seq - args.burst) / args.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        queue.put(_bench_message(seq))
        seq += 1
    last_put_returned = time.time_ns()
    link.report({"messages": seq - args.burst, "firstPut": first_put, "lastPutReturned": last_put_returned,
                 "cpuNanos": time.process_time_ns() - cpu_before})
    return 0


def cmd_bench_spin(args):
    queue = JSONDataQueue(args.dir)
    link = _BenchLink()
    queue.listMessageNames()
    _emit("ready")
    latencies = []
    negative = 0
    received = 0
    last_received = -1
    warm = False
    idle_since = time.monotonic()

    def should_stop():
        if link.ended.is_set() or (args.count is not None and received >= args.count):
            return True
        return time.monotonic() - idle_since > args.idle_limit

    for data in queue.spinG(should_stop):
        last_received = time.time_ns()
        idle_since = time.monotonic()
        received += 1
        if data["seq"] >= args.warmup:
            latency = last_received - data["sentAt"]
            if latency < 0:
                negative += 1
                latency = 0
            latencies.append(latency)
            if not warm:
                _emit("warm")
                warm = True
    link.report({"messages": received, "lastReceived": last_received,
                 "latency": _latency_summary(latencies, negative)})
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("queue-put")
    p.add_argument("dir")
    p.add_argument("values", nargs="*")
    p.set_defaults(run=cmd_queue_put)

    p = commands.add_parser("queue-put-stdin")
    p.add_argument("dir")
    p.set_defaults(run=cmd_queue_put_stdin)

    p = commands.add_parser("queue-get")
    p.add_argument("dir")
    p.add_argument("--count", type=int)
    p.add_argument("--until-eof", action="store_true", help="stop when stdin is closed")
    p.add_argument("--timeout", type=float, required=True)
    p.set_defaults(run=cmd_queue_get)

    p = commands.add_parser("queue-peek")
    p.add_argument("dir")
    p.set_defaults(run=cmd_queue_peek)

    p = commands.add_parser("event-signal")
    p.add_argument("file")
    p.set_defaults(run=cmd_event_signal)

    p = commands.add_parser("event-mtime")
    p.add_argument("file")
    p.set_defaults(run=cmd_event_mtime)

    for name, run in (("event-wait", cmd_event_wait), ("data-wait", cmd_data_wait)):
        p = commands.add_parser(name)
        p.add_argument("file")
        p.add_argument("--count", type=int, default=1 if name == "event-wait" else None)
        if name == "data-wait":
            p.add_argument("--until", help="stop after printing this value")
        p.add_argument("--timeout", type=float, required=True)
        p.add_argument("--no-fire-on-init", action="store_true")
        p.add_argument("--sleep", type=float, default=1)
        p.set_defaults(run=run)

    p = commands.add_parser("data-signal")
    p.add_argument("file")
    p.add_argument("--hold-in-gap", action="store_true",
                   help="print \"in-gap\" and wait for a line on stdin between the delete and the rename")
    p.add_argument("values", nargs="+")
    p.set_defaults(run=cmd_data_signal)

    p = commands.add_parser("data-count")
    p.add_argument("file")
    p.add_argument("count", type=int)
    p.set_defaults(run=cmd_data_count)

    p = commands.add_parser("bench-produce")
    p.add_argument("dir")
    p.add_argument("--burst", type=int, default=0)
    p.add_argument("--count", type=int)
    p.add_argument("--seconds", type=float)
    p.add_argument("--rate", type=float, default=0)
    p.set_defaults(run=cmd_bench_produce)

    p = commands.add_parser("bench-spin")
    p.add_argument("dir")
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--count", type=int)
    p.add_argument("--idle-limit", type=float, default=60)
    p.set_defaults(run=cmd_bench_spin)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
