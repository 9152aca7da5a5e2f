------------------------------ MODULE BgWorker ------------------------------
(***************************************************************************)
(* PostgreSQL's background-worker slot protocol (src/backend/postmaster/    *)
(* bgworker.c), as an executable specification for TLC.                    *)
(* The protocol and its properties are described in docs/DESIGN.md.         *)
(*                                                                         *)
(* Processes: any number of backends and one postmaster ("pm").  Shared     *)
(* memory is the BackgroundWorkerArray: per slot the cells in_use,          *)
(* terminate, pid, generation and the registration ("worker"), and the two  *)
(* parallel counters.  Every cell holds a value and a ghost epoch: the      *)
(* registration (claim of the slot) on whose behalf it was written.         *)
(*                                                                         *)
(* Memory models (constant MemModel):                                      *)
(*  SC   every store is visible at once;                                   *)
(*  TSO  stores wait in a per-process FIFO buffer and become visible in     *)
(*       order (x86);                                                      *)
(*  WEAK any buffered store may become visible first, except past an       *)
(*       earlier store to the same cell or past a barrier (a store marked  *)
(*       f = TRUE may not pass, nor be passed by, anything before it).     *)
(* A process reads its own latest buffered store, else memory.  Loads are  *)
(* performed at their program point, except where a missing read barrier   *)
(* lets the scan's loads of the registration be satisfied early (Prefetch). *)
(* Lock operations wait for the buffers of all backends (LWLockRelease     *)
(* publishes the holder's stores); kill() is ordered after the sender's    *)
(* earlier stores (it is a system call), modelled as a fenced store to the *)
(* receiver's latch.                                                       *)
(*                                                                         *)
(* Variant is "FIXED" or one of core's Fault names; the spec deviates from *)
(* the fixed protocol only where Dev(<name>) says so.  No property refers  *)
(* to Variant: a fault is caught only through the property it breaks.      *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    Backends,         \* the backends (model values; symmetric in safety models)
    NSlots,           \* max_worker_processes
    MaxGen,           \* registrations per slot per shared-memory lifetime (the generation bound)
    MaxParallel,      \* max_parallel_workers
    Kinds,            \* what backends register, a subset of WorkerKinds
    ExitCodes,        \* how workers may exit, a subset of {0, 1, 2}; 2 = crash
    MaxCrashes,       \* crash-and-restart cycles explored
    WithShutdown,     \* explore a postmaster shutdown
    ForkFails,        \* explore failed launches (do_start_bgworker cannot fork)
    MaxIncarnations,  \* > 1: backends exit and a new backend gets the same pid
    CounterMod,       \* modulus of the parallel counters (2^32 in PostgreSQL)
    CounterInit,      \* their value at start: as if that many parallel workers came and went
    MemModel,         \* "SC", "TSO" or "WEAK"
    Variant,          \* "FIXED" or a fault name (org.bgwcheck.core.variant.Fault)
    Encoding,         \* "naive" or "smart" encoding of the memory system (see Issue)
    Ghosts            \* TRUE: record each step in lastAct (action properties, traces)

\* Registrations a backend can make.  PAR: parallel, BGW_NEVER_RESTART (what parallel query uses);
\* ONCE: not parallel, BGW_NEVER_RESTART; RESTART: not parallel, restarts after an interval;
\* PARR: parallel with a restart interval, refused by SanityCheckBackgroundWorker since 8ff518699f.
WorkerKinds == {"PAR", "ONCE", "RESTART", "PARR"}

Variants == {"FIXED", "NO_PUBLISH_BARRIER", "NO_SCAN_READ_BARRIER", "NO_TERMINATE_RELEASE_BARRIER",
             "NO_FORGET_RELEASE_BARRIER", "PID_STORE_AFTER_BARRIER", "SEED_AS_WRITTEN",
             "TERMINATE_IGNORES_GENERATION", "REGISTER_KEEPS_GENERATION", "STATUS_IGNORES_GENERATION",
             "STATUS_IGNORES_IN_USE", "REGISTER_WITHOUT_LOCK", "SIGNED_COUNTER_COMPARISON",
             "PRE_FIX_CRASH_ACCOUNTING", "RESTARTABLE_PARALLEL_ALLOWED", "NO_SHUTDOWN_CLEANUP",
             "NO_STOP_NOTIFICATIONS"}

\* Faults of the catalogue that TLA+ does not express: they are about the byte content and bounds of
\* shared memory (S7), which this specification abstracts away.  Variants \cup NotModelled is exactly
\* {"FIXED"} and the names of core's Fault enum.
NotModelled == {"TRUSTS_SHARED_STRINGS", "TRUSTS_TOTAL_SLOTS"}

ASSUME /\ MemModel \in {"SC", "TSO", "WEAK"}
       /\ Variant \in Variants
       /\ Kinds \subseteq WorkerKinds /\ ExitCodes \subseteq {0, 1, 2}
       /\ NSlots >= 1 /\ MaxGen >= 1 /\ MaxParallel >= 1
       /\ CounterMod >= 2 /\ CounterInit \in 0..(CounterMod - 1)
       /\ Encoding \in {"naive", "smart"}
       /\ MaxIncarnations >= 1 /\ Ghosts \in BOOLEAN /\ WithShutdown \in BOOLEAN /\ ForkFails \in BOOLEAN

\* The elementary deviations switched on: SEED_AS_WRITTEN is two of them (Fault.deviations()).
Deviations == IF Variant = "SEED_AS_WRITTEN"
              THEN {"NO_FORGET_RELEASE_BARRIER", "PID_STORE_AFTER_BARRIER"}
              ELSE {Variant}
Dev(f) == f \in Deviations

PM == "pm"
Procs == Backends \cup {PM}
Slots == 0..(NSlots - 1)

InvalidPid == -1          \* "not started yet"
RunningPid == 1           \* the pid of a running worker (which worker is told by the cell's epoch)

IsPar(k) == k \in {"PAR", "PARR"}
NeverRestart(k) == k \in {"PAR", "ONCE"}

\* Shared-memory locations.
InUse(s) == <<"in_use", s>>
Term(s) == <<"terminate", s>>
Pid(s) == <<"pid", s>>
Gen(s) == <<"generation", s>>
Worker(s) == <<"worker", s>>
RegCnt == <<"parallel_register_count", 0>>
TermCnt == <<"parallel_terminate_count", 0>>
Latch(b) == <<"latch", b>>      \* the backend's latch, set by SIGUSR1
SlotFields == {"in_use", "terminate", "pid", "generation", "worker"}
SlotLocs == {<<f, s>> : f \in SlotFields, s \in Slots}
Locs == SlotLocs \cup {RegCnt, TermCnt} \cup {Latch(b) : b \in Backends}

\* Epochs name registrations: the n-th claim of a slot in the l-th shared-memory lifetime.
Epoch(l, n) == l * (MaxGen + 1) + n

\* Sentinels of the same shape as the real values (TLC compares values of one shape only).
NoWorker == [k |-> "none", n |-> "none", i |-> 0]
NoEntry == [k |-> "none", n |-> "none", i |-> 0, e |-> 0, run |-> FALSE, rwt |-> FALSE, crashed |-> FALSE]
NoHandle == [s |-> -1, g |-> -1, e |-> -1]
NoPend == [s |-> -1, k |-> "none", reg |-> -1, gen |-> -1]
NoPrefetch == [w |-> [v |-> NoWorker, e |-> -1], t |-> [v |-> FALSE, e |-> -1]]

VARIABLES
    mem,      \* [Locs -> [v: value, e: epoch]]: what every process would read from memory
    buf,      \* [Procs -> Seq(store)]: stores issued but not yet visible (TSO, WEAK)
    list,     \* [Slots -> entry]: the postmaster's private BackgroundWorkerList, by rw_shmem_slot
    pf,       \* [Slots -> loads]: registration loads satisfied before the in_use load (no read barrier)
    pm,       \* the postmaster's state: "run", "shutdown" or "crashed", and allow_new_workers
    bs,       \* [Backends -> backend]: phase, handle, terminated?, incarnation, pending lock-free claim
    claims,   \* ghost: [Slots -> number of claims in this lifetime]
    life,     \* ghost: crash-and-restart cycles so far
    live,     \* ghost: registrations made and not yet released, [s, e, par]
    lastAct   \* ghost: the last step (process, action, checked events); excluded by the view

vars == <<mem, buf, list, pf, pm, bs, claims, life, live, lastAct>>

CurEpoch(s) == Epoch(life, claims[s])

-----------------------------------------------------------------------------
(* The memory system *)

Pending(p, l) == SelectSeq(buf[p], LAMBDA st : st.l = l)

\* A load by p: its own latest buffered store to l, else memory.
Load(p, l) == LET q == Pending(p, l)
              IN IF q = <<>> THEN mem[l] ELSE [v |-> q[Len(q)].v, e |-> q[Len(q)].e]

St(l, v, e) == [l |-> l, v |-> v, e |-> e, f |-> FALSE]
Fenced(st) == [st EXCEPT !.f = TRUE]          \* a barrier stands right before this store

Waiting(b) == bs[b].ph \in {"waitStart", "waitStop"}

\* The value a store leaves in memory.  A latch is only looked at by a waiting backend, which
\* sets it itself when it starts to wait; a signal to a backend that is not waiting is dropped.
Landed(st) == IF st.l[1] = "latch" THEN [v |-> Waiting(st.l[2]), e |-> 0]
              ELSE [v |-> st.v, e |-> st.e]

\* Memory after a sequence of stores becomes visible at once (SC).
ApplyAll(m, sts) ==
    [l \in DOMAIN m |->
        LET is == {i \in 1..Len(sts) : sts[i].l = l}
        IN IF is = {} THEN m[l]
           ELSE Landed(sts[CHOOSE i \in is : \A j \in is : j <= i])]

IsSignal(st) == st.l[1] = "latch"

\* The smart encoding delivers a signal as soon as every store before it is visible, in the same
\* step: a waiter may still run arbitrarily later, so no behaviour of a waiter is lost, but the
\* states "all visible, signal still in flight" are.  (Naive: delivering it is a step of its own.)
HeadSignals(q) == IF Encoding = "smart" /\ q # <<>> /\ IsSignal(q[1])
                  THEN IF Len(q) > 1 /\ IsSignal(q[2]) THEN 2 ELSE 1
                  ELSE 0

\* Memory and buffer once the leading signals of q are delivered.
Deliver(m, q) == LET n == HeadSignals(q)
                 IN IF n = 0 THEN [m |-> m, q |-> q]
                    ELSE [m |-> ApplyAll(m, SubSeq(q, 1, n)), q |-> SubSeq(q, n + 1, Len(q))]

\* p issues stores in program order.
Issue(p, sts) ==
    IF sts = <<>> THEN UNCHANGED <<mem, buf>>
    ELSE IF MemModel = "SC"
    THEN mem' = ApplyAll(mem, sts) /\ buf' = buf
    ELSE LET d == Deliver(mem, buf[p] \o sts)
         IN mem' = d.m /\ buf' = [buf EXCEPT ![p] = d.q]

\* The smart encoding lets the lock holder's stores to cells that only lock holders read
\* (generation, pid as written by backends, parallel_register_count) be visible at once:
\* LWLockRelease publishes them before anybody can read them, and the only other writer of such
\* a cell (the postmaster, to pid) can still land its buffered store before or after them.
LockOnly(st) == st.l[1] \in {"generation", "pid", "parallel_register_count"}

IssueLocked(b, sts) ==
    IF Encoding = "smart" /\ MemModel # "SC"
    THEN LET direct == SelectSeq(sts, LockOnly)
             rest == SelectSeq(sts, LAMBDA st : ~LockOnly(st))
         IN mem' = ApplyAll(mem, direct) /\ buf' = [buf EXCEPT ![b] = @ \o rest]
    ELSE Issue(b, sts)

\* Indexes of the buffered stores of p that may become visible next.
Committable(p) ==
    IF buf[p] = <<>> THEN {}
    ELSE IF MemModel = "TSO" THEN {1}
    ELSE {i \in 1..Len(buf[p]) :
            /\ \A j \in 1..(i - 1) : buf[p][j].l # buf[p][i].l
            /\ \A k \in 2..i : ~buf[p][k].f}

RemoveAt(q, i) == SubSeq(q, 1, i - 1) \o SubSeq(q, i + 1, Len(q))

\* BackgroundWorkerLock is free: its last holder's stores are visible (LWLockRelease).
LockFree == \A b \in Backends : buf[b] = <<>>

\* Events are checked by the action properties below.
Ev(k, ok, want, got) == [k |-> k, ok |-> ok, want |-> want, got |-> got]
Act(p, a, ev) == lastAct' = IF Ghosts THEN [p |-> p, a |-> a, ev |-> ev] ELSE lastAct

\* S2: a backend issues a store to a slot field other than terminate only while it sees the slot
\* free; the postmaster issues stores to a slot only while it sees it in use.
OwnEv(p, s) == LET inuse == Load(p, InUse(s)).v
               IN {Ev("S2", IF p = PM THEN inuse ELSE ~inuse, IF p = PM THEN 1 ELSE 0,
                      IF inuse THEN 1 ELSE 0)}

\* kill(notify_pid, SIGUSR1); L3 asks that the process signalled is the one that registered.
SignalSts(n) == IF n = "none" THEN <<>> ELSE << Fenced(St(Latch(n), TRUE, 0)) >>
SignalEv(n, i) == IF n = "none" \/ bs[n].ph \in {"gone", "dead"} THEN {}
                  ELSE {Ev("L3", bs[n].inc = i, i, bs[n].inc)}

-----------------------------------------------------------------------------
Init ==
    /\ mem = [l \in Locs |->
                CASE l = RegCnt \/ l = TermCnt -> [v |-> CounterInit, e |-> 0]
                  [] l[1] = "worker" -> [v |-> NoWorker, e |-> 0]
                  [] l[1] \in {"pid", "generation"} -> [v |-> 0, e |-> 0]
                  [] OTHER -> [v |-> FALSE, e |-> 0]]
    /\ buf = [p \in Procs |-> <<>>]
    /\ list = [s \in Slots |-> NoEntry]
    /\ pf = [s \in Slots |-> NoPrefetch]
    /\ pm = [state |-> "run", allowNew |-> TRUE]
    /\ bs = [b \in Backends |-> [ph |-> "idle", h |-> NoHandle, t |-> FALSE, inc |-> 1, pend |-> NoPend]]
    /\ claims = [s \in Slots |-> 0]
    /\ life = 0
    /\ live = {}
    /\ lastAct = [p |-> "none", a |-> "Init", ev |-> {}]

\* A process makes a store of its buffer visible.
Commit(p) ==
    \E i \in Committable(p) :
        LET st == buf[p][i] IN
        LET d == Deliver([mem EXCEPT ![st.l] = Landed(st)], RemoveAt(buf[p], i))
        IN /\ mem' = d.m
           /\ buf' = [buf EXCEPT ![p] = d.q]
        /\ Act(p, "StoreVisible", {})
        /\ UNCHANGED <<list, pf, pm, bs, claims, life, live>>

-----------------------------------------------------------------------------
(* Backends *)

Signed(x) == IF x >= CounterMod \div 2 THEN x - CounterMod ELSE x

\* The max_parallel_workers check of RegisterDynamicBackgroundWorker.
TooManyParallel(reg, term) ==
    IF Dev("SIGNED_COUNTER_COMPARISON")
    THEN Signed(reg) - Signed(term) >= MaxParallel
    ELSE (reg - term) % CounterMod >= MaxParallel

\* SanityCheckBackgroundWorker: parallel workers may not be configured for restart.
SaneKind(k) == k # "PARR" \/ Dev("RESTARTABLE_PARALLEL_ALLOWED")

BackendUp(b) == bs[b].ph # "dead" /\ pm.state # "crashed"

\* The slot RegisterDynamicBackgroundWorker picks: the lowest free one, if any and if its
\* generation budget in this model is not used up.
PickSlot(b) == LET free == {s \in Slots : ~Load(b, InUse(s)).v}
               IN IF free = {} THEN -1 ELSE CHOOSE s \in free : \A t \in free : s <= t

\* The stores of a successful registration: the registration, pid = InvalidPid, generation++,
\* terminate = false, parallel_register_count++, pg_write_barrier(), in_use = true. Before the
\* barrier the count's place is immaterial: only lock holders read it (core counts first).
Claim(b, k, s, reg, gen) ==
    LET e == Epoch(life, claims[s] + 1)
        par == IsPar(k)
        g == IF Dev("REGISTER_KEEPS_GENERATION") THEN gen ELSE gen + 1
        \* The registration names its registrant as bgw_notify_pid (i: ghost, which life of that pid).
        body == << St(Worker(s), [k |-> k, n |-> b, i |-> bs[b].inc], e),
                   St(Pid(s), InvalidPid, e), St(Gen(s), g, e), St(Term(s), FALSE, e) >>
                \o (IF par THEN << St(RegCnt, (reg + 1) % CounterMod, 0) >> ELSE <<>>)
        flag == St(InUse(s), TRUE, e)
    IN /\ claims[s] < MaxGen
       /\ IssueLocked(b, body \o << IF Dev("NO_PUBLISH_BARRIER") THEN flag ELSE Fenced(flag) >>)
       /\ claims' = [claims EXCEPT ![s] = @ + 1]
       /\ live' = live \cup {[s |-> s, e |-> e, par |-> par]}
       /\ bs' = [bs EXCEPT ![b] = [ph |-> "own", h |-> [s |-> s, g |-> g, e |-> e], t |-> FALSE,
                                   inc |-> @.inc, pend |-> NoPend]]

\* RegisterDynamicBackgroundWorker, all of it under BackgroundWorkerLock (LW_EXCLUSIVE).  A refused
\* registration changes nothing and so is no step.
Register(b, k) ==
    /\ ~Dev("REGISTER_WITHOUT_LOCK")
    /\ bs[b].ph = "idle" /\ BackendUp(b) /\ LockFree /\ SaneKind(k)
    /\ LET reg == Load(b, RegCnt).v
           s == PickSlot(b)
       IN /\ ~(IsPar(k) /\ TooManyParallel(reg, Load(b, TermCnt).v))
          /\ s # -1
          /\ Claim(b, k, s, reg, Load(b, Gen(s)).v)
          /\ Act(b, "RegisterDynamicBackgroundWorker", OwnEv(b, s))
    /\ UNCHANGED <<list, pf, pm, life>>

\* REGISTER_WITHOUT_LOCK: the same code without the lock, so its loads (the counters, in_use,
\* generation) and its stores are two steps that other backends can come between.
RegisterLoad(b, k) ==
    /\ Dev("REGISTER_WITHOUT_LOCK")
    /\ bs[b].ph = "idle" /\ BackendUp(b) /\ SaneKind(k)
    /\ LET reg == Load(b, RegCnt).v
           s == PickSlot(b)
       IN /\ ~(IsPar(k) /\ TooManyParallel(reg, Load(b, TermCnt).v))
          /\ s # -1 /\ claims[s] < MaxGen
          /\ bs' = [bs EXCEPT ![b].ph = "registering",
                              ![b].pend = [s |-> s, k |-> k, reg |-> reg, gen |-> Load(b, Gen(s)).v]]
    /\ Act(b, "RegisterDynamicBackgroundWorker(loads)", {})
    /\ UNCHANGED <<mem, buf, list, pf, pm, claims, life, live>>

RegisterStore(b) ==
    /\ bs[b].ph = "registering" /\ BackendUp(b)
    /\ LET p == bs[b].pend
       IN /\ Claim(b, p.k, p.s, p.reg, p.gen)
          /\ Act(b, "RegisterDynamicBackgroundWorker(stores)", OwnEv(b, p.s))
    /\ UNCHANGED <<list, pf, pm, life>>

\* GetBackgroundWorkerPid under BackgroundWorkerLock (LW_SHARED): the status and the epoch of the
\* registration the answer was read from.
StatusOf(b) ==
    LET h == bs[b].h
        gen == Load(b, Gen(h.s)).v
        inuse == Load(b, InUse(h.s)).v
        pid == Load(b, Pid(h.s))
        stale == \/ (~Dev("STATUS_IGNORES_GENERATION") /\ gen # h.g)
                 \/ (~Dev("STATUS_IGNORES_IN_USE") /\ ~inuse)
    IN IF stale THEN [st |-> "STOPPED", about |-> h.e]
       ELSE [st |-> CASE pid.v = 0 -> "STOPPED"
                      [] pid.v = InvalidPid -> "NOT_YET_STARTED"
                      [] OTHER -> "STARTED",
             about |-> pid.e]

\* One GetBackgroundWorkerPid in WaitForBackgroundWorkerStartup (ph = "waitStart") or
\* WaitForBackgroundWorkerShutdown (ph = "waitStop"): return the answer or WaitLatch (again).
CheckStatus(b, ph) ==
    LET r == StatusOf(b)
        done == IF ph = "waitStart" THEN r.st # "NOT_YET_STARTED" ELSE r.st = "STOPPED"
    IN /\ bs' = CASE ~done -> [bs EXCEPT ![b].ph = ph]
                  [] ph = "waitStart" -> [bs EXCEPT ![b].ph = "own"]
                  [] OTHER -> [bs EXCEPT ![b].ph = "idle", ![b].h = NoHandle, ![b].t = FALSE]
       /\ Act(b, (IF ph = "waitStart" THEN "WaitForBackgroundWorkerStartup: "
                  ELSE "WaitForBackgroundWorkerShutdown: ") \o r.st,
              {Ev("S3", r.about = bs[b].h.e, bs[b].h.e, r.about)})

\* The backend starts to wait; its first GetBackgroundWorkerPid comes before any WaitLatch.
StartWait(b, ph) ==
    /\ bs[b].ph = "own" /\ BackendUp(b) /\ LockFree
    /\ CheckStatus(b, ph)
    /\ UNCHANGED <<mem, buf, list, pf, pm, claims, life, live>>

\* A later turn of the wait loop: the latch is set; ResetLatch, GetBackgroundWorkerPid.
WaitCheck(b) ==
    /\ Waiting(b) /\ BackendUp(b) /\ mem[Latch(b)].v /\ LockFree
    /\ mem' = [mem EXCEPT ![Latch(b)] = [v |-> FALSE, e |-> 0]]
    /\ CheckStatus(b, bs[b].ph)
    /\ UNCHANGED <<buf, list, pf, pm, claims, life, live>>

\* TerminateBackgroundWorker under BackgroundWorkerLock (LW_EXCLUSIVE): set terminate unless the
\* slot has been reused.  Only the registrant holds the handle here.  Another process terminating
\* the worker while its registrant waits needs no action of its own: no status read looks at
\* terminate, so the registrant terminating and then waiting gives the waiter the same observations
\* in the same orders (whatever the worker's reason for not running: not yet launched, its launch
\* failed, or its restart interval runs).
Terminate(b) ==
    /\ bs[b].ph = "own" /\ BackendUp(b) /\ ~bs[b].t /\ LockFree
    /\ LET h == bs[b].h
           matches == Dev("TERMINATE_IGNORES_GENERATION") \/ Load(b, Gen(h.s)).v = h.g
       IN /\ Issue(b, IF matches THEN << St(Term(h.s), TRUE, CurEpoch(h.s)) >> ELSE <<>>)
          /\ Act(b, "TerminateBackgroundWorker",
                 IF matches THEN {Ev("S3", CurEpoch(h.s) = h.e, h.e, CurEpoch(h.s))} ELSE {})
    /\ bs' = [bs EXCEPT ![b].t = TRUE]
    /\ UNCHANGED <<list, pf, pm, claims, life, live>>

\* The backend forgets its handle (pfree) without waiting.
DropHandle(b) ==
    /\ bs[b].ph = "own" /\ BackendUp(b)
    /\ bs' = [bs EXCEPT ![b].ph = "idle", ![b].h = NoHandle, ![b].t = FALSE]
    /\ Act(b, "pfree(handle)", {})
    /\ UNCHANGED <<mem, buf, list, pf, pm, claims, life, live>>

\* The backend exits; the postmaster reaps it: CleanupBackend -> BackgroundWorkerStopNotifications.
BackendExit(b) ==
    /\ bs[b].inc < MaxIncarnations /\ bs[b].ph \in {"idle", "own"} /\ BackendUp(b)
    /\ bs' = [bs EXCEPT ![b].ph = "gone", ![b].h = NoHandle, ![b].t = FALSE]
    /\ list' = IF Dev("NO_STOP_NOTIFICATIONS") THEN list
               ELSE [s \in Slots |-> IF list[s].n = b THEN [list[s] EXCEPT !.n = "none"] ELSE list[s]]
    /\ Act(b, "proc_exit; BackgroundWorkerStopNotifications", {})
    /\ UNCHANGED <<mem, buf, pf, pm, claims, life, live>>

\* A new backend gets the exited one's pid.  Assumption about the environment: the kernel does not
\* reuse a pid while a registration naming it still waits in shared memory for the postmaster's
\* first look (PostmasterMarkPIDForWorkerNotify cannot tell two processes with one pid apart).
BackendStart(b) ==
    /\ bs[b].ph = "gone" /\ buf[b] = <<>> /\ pm.state # "crashed"
    /\ \A s \in Slots : list[s].k = "none" => ~(mem[InUse(s)].v /\ mem[Worker(s)].v.n = b)
    /\ bs' = [bs EXCEPT ![b].ph = "idle", ![b].inc = @ + 1]
    /\ Act(b, "fork: new backend with the same pid", {})
    /\ UNCHANGED <<mem, buf, list, pf, pm, claims, life, live>>

-----------------------------------------------------------------------------
(* The postmaster.  It takes no lock. *)

PmRuns == pm.state \in {"run", "shutdown"}
Listed(s) == list[s].k # "none"
Alive(b) == bs[b].ph \notin {"gone", "dead"}
Released(s, e) == live \ {r \in live : r.s = s /\ r.e = e}

\* ForgetBackgroundWorker: parallel_terminate_count++, pg_memory_barrier(), in_use = false.
ForgetSts(s) ==
    LET en == list[s]
        cnt == IF IsPar(en.k) THEN << St(TermCnt, (Load(PM, TermCnt).v + 1) % CounterMod, 0) >> ELSE <<>>
        free == St(InUse(s), FALSE, en.e)
    IN cnt \o << IF Dev("NO_FORGET_RELEASE_BARRIER") THEN free ELSE Fenced(free) >>

\* Loads of the registration, satisfied before the load of in_use: possible only without the
\* read barrier of BackgroundWorkerStateChange and only where loads pass loads (WEAK).
Prefetch(s) ==
    /\ Dev("NO_SCAN_READ_BARRIER") /\ MemModel = "WEAK"
    /\ PmRuns /\ ~Listed(s) /\ pf[s] = NoPrefetch
    /\ pf' = [pf EXCEPT ![s] = [w |-> Load(PM, Worker(s)), t |-> Load(PM, Term(s))]]
    /\ Act(PM, "BackgroundWorkerStateChange: early loads of the registration", {})
    /\ UNCHANGED <<mem, buf, list, pm, bs, claims, life, live>>

\* BackgroundWorkerStateChange finds in_use false: the early loads of this turn are dropped.
ScanFree(s) ==
    /\ pf[s] # NoPrefetch /\ PmRuns /\ ~Load(PM, InUse(s)).v
    /\ pf' = [pf EXCEPT ![s] = NoPrefetch]
    /\ Act(PM, "BackgroundWorkerStateChange: slot free", {})
    /\ UNCHANGED <<mem, buf, list, pm, bs, claims, life, live>>

\* BackgroundWorkerStateChange, the turn of its loop for one in-use slot (it only acts when
\* there is something to do: a new registration, or a terminate request not yet seen).
Scan(s) ==
    /\ PmRuns /\ Load(PM, InUse(s)).v
    /\ LET flag == Load(PM, InUse(s)) IN
       IF Listed(s)
       THEN \* A known worker: only terminate can have changed.
            LET en == list[s] IN
            /\ Load(PM, Term(s)).v /\ ~en.rwt
            /\ list' = [list EXCEPT ![s].rwt = TRUE]
            \* Running: SIGTERM (the worker may exit at any time anyway).  Never started:
            \* ReportBackgroundWorkerPID with rw_pid = 0 reports it dead.
            /\ IF en.run THEN Issue(PM, <<>>)
               ELSE Issue(PM, << St(Pid(s), 0, en.e) >> \o SignalSts(en.n))
            /\ Act(PM, "BackgroundWorkerStateChange: terminate",
                   (IF en.run THEN {} ELSE OwnEv(PM, s)) \cup
                   (IF en.run THEN {} ELSE SignalEv(en.n, en.i)))
            /\ UNCHANGED <<pf, live>>
       ELSE \* pg_read_barrier(), then the registration.
            LET body == IF pf[s] # NoPrefetch THEN pf[s]
                        ELSE [w |-> Load(PM, Worker(s)), t |-> Load(PM, Term(s))]
                w == body.w.v
                e == flag.e
                pubEv == {Ev("S1", body.w.e = e, e, body.w.e), Ev("S1", body.t.e = e, e, body.t.e)}
            IN /\ pf' = [pf EXCEPT ![s] = NoPrefetch]
               /\ IF body.t.v \/ ~pm.allowNew
                  THEN \* Terminated before we knew it (or no new workers during shutdown):
                       \* free the slot and tell the registrant.
                       LET cnt == IF IsPar(w.k)
                                  THEN << St(TermCnt, (Load(PM, TermCnt).v + 1) % CounterMod, 0) >>
                                  ELSE <<>>
                           mark == IF body.t.v THEN <<>> ELSE << St(Term(s), TRUE, e) >>
                           pid0 == St(Pid(s), 0, e)
                           free == St(InUse(s), FALSE, e)
                           release == CASE Dev("PID_STORE_AFTER_BARRIER") -> << Fenced(pid0), free >>
                                        [] Dev("NO_TERMINATE_RELEASE_BARRIER") -> << pid0, free >>
                                        [] OTHER -> << pid0, Fenced(free) >>
                       IN /\ Issue(PM, mark \o cnt \o release \o SignalSts(w.n))
                          /\ live' = Released(s, e)
                          /\ list' = list
                          /\ Act(PM, "BackgroundWorkerStateChange: free terminated slot",
                                 pubEv \cup OwnEv(PM, s) \cup SignalEv(w.n, w.i))
                  ELSE \* Copy the registration into the private list; keep the notify pid only
                       \* if that backend is alive (PostmasterMarkPIDForWorkerNotify).
                       /\ list' = [list EXCEPT ![s] =
                                     [k |-> w.k, n |-> IF w.n # "none" /\ Alive(w.n) THEN w.n ELSE "none",
                                      i |-> w.i, e |-> e, run |-> FALSE, rwt |-> FALSE, crashed |-> FALSE]]
                       /\ Issue(PM, <<>>)
                       /\ live' = live
                       /\ Act(PM, "BackgroundWorkerStateChange: register", pubEv)
    /\ UNCHANGED <<pm, bs, claims, life>>

\* maybe_start_bgworkers -> do_start_bgworker for a worker that is not running, not terminated and
\* not waiting out a restart interval (rw_crashed_at = 0).  forked: the fork succeeded, so the worker
\* runs and ReportBackgroundWorkerPID publishes its pid and tells the registrant.  Otherwise (only
\* with ForkFails) do_start_bgworker sets rw_crashed_at and nothing is published or signalled: the
\* slot still reads "not started yet" (or "stopped" after an earlier exit).  Whether the worker is
\* tried again after its restart interval or forgotten is decided on a later pass (RestartInterval,
\* ForgetCrashed).
Launch(s, forked) ==
    /\ pm.state = "run" /\ Listed(s) /\ ~list[s].run /\ ~list[s].rwt /\ ~list[s].crashed
    /\ IF forked
       THEN /\ list' = [list EXCEPT ![s].run = TRUE]
            /\ Issue(PM, << St(Pid(s), RunningPid, list[s].e) >> \o SignalSts(list[s].n))
            /\ Act(PM, "do_start_bgworker; ReportBackgroundWorkerPID",
                   OwnEv(PM, s) \cup SignalEv(list[s].n, list[s].i))
       ELSE /\ ForkFails
            /\ list' = [list EXCEPT ![s].crashed = TRUE]
            /\ Issue(PM, <<>>)
            /\ Act(PM, "do_start_bgworker: could not fork; rw_crashed_at = now", {})
    /\ UNCHANGED <<pf, pm, bs, claims, life, live>>

\* maybe_start_bgworkers finds a restartable worker's restart interval over (time is abstracted:
\* the interval may end at any step).  Clearing rw_crashed_at here rather than in the Launch that
\* follows loses nothing: for a restartable worker "crashed, interval over" and "not crashed" lead
\* to the same decisions everywhere.  Only while workers may be started does the interval matter
\* (a terminated worker is forgotten whatever its crash time; in shutdown nothing is started).
RestartInterval(s) ==
    /\ pm.state = "run" /\ Listed(s) /\ list[s].crashed /\ ~list[s].rwt /\ ~NeverRestart(list[s].k)
    /\ list' = [list EXCEPT ![s].crashed = FALSE]
    /\ Issue(PM, <<>>)
    /\ Act(PM, "maybe_start_bgworkers: restart interval over", {})
    /\ UNCHANGED <<pf, pm, bs, claims, life, live>>

\* maybe_start_bgworkers: a never-restart worker with rw_crashed_at set (its launch failed) is
\* forgotten and its registrant told: in_use = false is the answer STOPPED.
ForgetCrashed(s) ==
    /\ PmRuns /\ Listed(s) /\ list[s].crashed /\ ~list[s].rwt /\ NeverRestart(list[s].k)
    /\ Issue(PM, ForgetSts(s) \o SignalSts(list[s].n))
    /\ list' = [list EXCEPT ![s] = NoEntry]
    /\ live' = Released(s, list[s].e)
    /\ Act(PM, "maybe_start_bgworkers: ForgetBackgroundWorker (crashed, never restart)",
           OwnEv(PM, s) \cup SignalEv(list[s].n, list[s].i))
    /\ UNCHANGED <<pf, pm, bs, claims, life>>

\* maybe_start_bgworkers: a worker marked rw_terminate that is not running is forgotten.
ForgetTerminated(s) ==
    /\ PmRuns /\ Listed(s) /\ ~list[s].run /\ list[s].rwt
    /\ Issue(PM, ForgetSts(s))
    /\ list' = [list EXCEPT ![s] = NoEntry]
    /\ live' = Released(s, list[s].e)
    /\ Act(PM, "maybe_start_bgworkers: ForgetBackgroundWorker", OwnEv(PM, s))
    /\ UNCHANGED <<pf, pm, bs, claims, life>>

\* A running worker exits with code 0 (done: never restart), 1 (restart after its interval, unless
\* BGW_NEVER_RESTART) or crashes (2).  CleanupBackgroundWorker -> ReportBackgroundWorkerExit:
\* slot->pid = 0, ForgetBackgroundWorker if it is not to be restarted, notify.  A worker kept for a
\* restart has exited with 1, so rw_crashed_at is set: its restart interval begins.
WorkerExit(s, c) ==
    /\ PmRuns /\ Listed(s) /\ list[s].run /\ c \in {0, 1}
    /\ LET en == list[s]
           rwt == en.rwt \/ c = 0
           forget == rwt \/ NeverRestart(en.k)
       IN /\ Issue(PM, << St(Pid(s), 0, en.e) >> \o (IF forget THEN ForgetSts(s) ELSE <<>>)
                       \o SignalSts(en.n))
          /\ list' = IF forget THEN [list EXCEPT ![s] = NoEntry]
                     ELSE [list EXCEPT ![s].run = FALSE, ![s].rwt = rwt, ![s].crashed = TRUE]
          /\ live' = IF forget THEN Released(s, en.e) ELSE live
          /\ Act(PM, "worker exit(" \o ToString(c) \o "); ReportBackgroundWorkerExit",
                 OwnEv(PM, s) \cup SignalEv(en.n, en.i))
    /\ UNCHANGED <<pf, pm, bs, claims, life>>

\* A worker attached to shared memory crashes: HandleChildCrash kills every child (workers and
\* backends); shared memory will be reset once they are gone.
WorkerCrash(s) ==
    /\ 2 \in ExitCodes /\ life < MaxCrashes
    /\ pm.state = "run" /\ Listed(s) /\ list[s].run
    /\ list' = [t \in Slots |-> [list[t] EXCEPT !.run = FALSE]]
    /\ bs' = [b \in Backends |-> [bs[b] EXCEPT !.ph = "dead", !.h = NoHandle, !.t = FALSE, !.pend = NoPend]]
    /\ pm' = [pm EXCEPT !.state = "crashed"]
    /\ pf' = [t \in Slots |-> NoPrefetch]
    /\ Act(PM, "worker crash; HandleChildCrash", {})
    /\ UNCHANGED <<mem, buf, claims, life, live>>

\* Every child is gone: ResetBackgroundWorkerCrashTimes forgets the never-restart workers and clears
\* the others' rw_crashed_at (they may restart at once), then
\* shared memory is re-created (BackgroundWorkerShmemInit: counters zero, every listed worker put
\* back in its slot with generation 0).  PRE_FIX_CRASH_ACCOUNTING forgets them only afterwards.
\* Re-installed workers keep their slot numbers here (PostgreSQL packs them in list order; no
\* handle survives the crash, so the numbering cannot be observed).
CrashReset ==
    /\ pm.state = "crashed" /\ \A p \in Procs : buf[p] = <<>>
    /\ LET kept == {s \in Slots : Listed(s) /\ ~NeverRestart(list[s].k)}
           installed == IF Dev("PRE_FIX_CRASH_ACCOUNTING") THEN {s \in Slots : Listed(s)} ELSE kept
           lateParallel == Cardinality({s \in installed \ kept : IsPar(list[s].k)})
           E0 == Epoch(life + 1, 0)
       IN /\ mem' = [l \in Locs |->
                       CASE l = RegCnt -> [v |-> 0, e |-> 0]
                         [] l = TermCnt -> [v |-> lateParallel % CounterMod, e |-> 0]
                         [] l[1] = "latch" -> [v |-> FALSE, e |-> 0]
                         [] l[1] = "in_use" -> [v |-> l[2] \in kept, e |-> E0]
                         [] l[1] = "worker" -> [v |-> IF l[2] \in installed
                                                      THEN [k |-> list[l[2]].k, n |-> "none", i |-> 0]
                                                      ELSE NoWorker, e |-> E0]
                         [] l[1] = "pid" -> [v |-> IF l[2] \in installed THEN InvalidPid ELSE 0, e |-> E0]
                         [] l[1] = "generation" -> [v |-> 0, e |-> E0]
                         [] OTHER -> [v |-> FALSE, e |-> E0]]
          /\ list' = [s \in Slots |-> IF s \in kept
                                      THEN [list[s] EXCEPT !.n = "none", !.i = 0, !.e = E0, !.run = FALSE,
                                                           !.crashed = FALSE]
                                      ELSE NoEntry]
          /\ live' = {[s |-> s, e |-> E0, par |-> IsPar(list[s].k)] : s \in kept}
    /\ claims' = [s \in Slots |-> 0]
    /\ life' = life + 1
    /\ pm' = [state |-> "run", allowNew |-> TRUE]
    /\ bs' = [b \in Backends |-> [bs[b] EXCEPT !.ph = IF @ = "gone" THEN "gone" ELSE "idle"]]
    /\ Act(PM, "ResetBackgroundWorkerCrashTimes; BackgroundWorkerShmemInit", {})
    /\ UNCHANGED <<buf, pf>>

\* pmdie: shutdown.  No new workers from now on (allow_new_workers = false); running workers are
\* sent SIGTERM.
Shutdown ==
    /\ WithShutdown /\ pm.state = "run"
    /\ pm' = [state |-> "shutdown", allowNew |-> Dev("NO_SHUTDOWN_CLEANUP")]
    /\ Act(PM, "pmdie: shutdown", {})
    /\ UNCHANGED <<mem, buf, list, pf, bs, claims, life, live>>

\* ForgetUnstartedBackgroundWorkers: during shutdown nothing will be started; forget what is not
\* running and tell its registrant.
ForgetUnstarted(s) ==
    /\ pm.state = "shutdown" /\ ~Dev("NO_SHUTDOWN_CLEANUP")
    /\ Listed(s) /\ ~list[s].run
    /\ Issue(PM, ForgetSts(s) \o SignalSts(list[s].n))
    /\ list' = [list EXCEPT ![s] = NoEntry]
    /\ live' = Released(s, list[s].e)
    /\ Act(PM, "ForgetUnstartedBackgroundWorkers", OwnEv(PM, s) \cup SignalEv(list[s].n, list[s].i))
    /\ UNCHANGED <<pf, pm, bs, claims, life>>

-----------------------------------------------------------------------------
BackendNext ==
    \E b \in Backends :
        \/ \E k \in Kinds : Register(b, k) \/ RegisterLoad(b, k)
        \/ RegisterStore(b)
        \/ StartWait(b, "waitStart") \/ StartWait(b, "waitStop")
        \/ WaitCheck(b)
        \/ Terminate(b)
        \/ DropHandle(b)
        \/ BackendExit(b) \/ BackendStart(b)

PostmasterNext ==
    \/ \E s \in Slots :
        \/ Scan(s) \/ Prefetch(s) \/ ScanFree(s)
        \/ \E forked \in BOOLEAN : Launch(s, forked)
        \/ RestartInterval(s) \/ ForgetCrashed(s) \/ ForgetTerminated(s) \/ ForgetUnstarted(s)
        \/ \E c \in ExitCodes : WorkerExit(s, c)
        \/ WorkerCrash(s)
    \/ CrashReset
    \/ Shutdown

Next == BackendNext \/ PostmasterNext \/ \E p \in Procs : Commit(p)

\* Fairness for the liveness properties: the postmaster keeps doing its work, stores become
\* visible, woken backends run, restart intervals end, and every worker eventually finishes (exit
\* code 0).  Backends are not obliged to register, terminate or wait, and shutdown, crashes and
\* failed forks need not happen.  Weak fairness is asked of each group as a whole (TLC then
\* evaluates three ENABLED conditions per state instead of one per action and slot); this is enough
\* because in a bounded model every group only has finitely much to do unless some other group
\* keeps giving it work.  Exit code 1 is such work: a restartable worker that exits with 1 for ever
\* keeps the group busy restarting it, which lets the group's other work (a terminate the postmaster
\* has not yet seen) wait for ever.  So liveness models with restartable kinds leave exit code 1 out;
\* its restart interval is checked by the safety models.
PostmasterWork ==
    \/ \E s \in Slots : \/ Scan(s) \/ Launch(s, TRUE) \/ RestartInterval(s) \/ ForgetCrashed(s)
                      \/ ForgetTerminated(s) \/ ForgetUnstarted(s) \/ WorkerExit(s, 0)
    \/ CrashReset

\* With failed forks, a restartable worker can fail, wait out its interval and fail again for ever,
\* and the postmaster's other work still gets done: weak fairness of the group does not exclude
\* that.  A fork tried again and again eventually succeeds (strong fairness, per slot); without
\* it no waiter for a restartable worker could be promised an answer, in PostgreSQL either.
ForksSucceed == \A s \in Slots : SF_vars(Launch(s, TRUE))

Fairness ==
    /\ WF_vars(PostmasterWork)
    /\ WF_vars(\E p \in Procs : Commit(p))
    /\ WF_vars(\E b \in Backends : WaitCheck(b))
    /\ IF ForkFails THEN ForksSucceed ELSE TRUE

Spec == Init /\ [][Next]_vars
FairSpec == Spec /\ Fairness

-----------------------------------------------------------------------------
(* Properties.  Each states one property of docs/DESIGN.md, section 2. *)

\* Type and shape of the state (a sanity check of the specification itself).
TypeOK ==
    /\ \A p \in Procs : \A i \in 1..Len(buf[p]) : buf[p][i].l \in Locs
    /\ \A s \in Slots : claims[s] \in 0..MaxGen
    /\ \A b \in Backends : bs[b].ph \in {"idle", "registering", "own", "waitStart", "waitStop", "gone", "dead"}
    /\ \A s \in Slots : list[s].crashed \in BOOLEAN

LiveParallel == Cardinality({r \in live : r.par})

\* The counter value in program order of its writer: its latest store still buffered, else memory.
\* (Only the lock holder writes parallel_register_count; only the postmaster the other one.)
Latest(l) == IF \E p \in Procs : Pending(p, l) # <<>>
             THEN LET p == CHOOSE p \in Procs : Pending(p, l) # <<>> IN Load(p, l).v
             ELSE mem[l].v

\* S5 parallel accounting: register - terminate (mod 2^32) equals the number of parallel
\* registrations not yet released, across wrap-around and crash-restart cycles ...
ParallelAccounting ==
    (Latest(RegCnt) - Latest(TermCnt)) % CounterMod = LiveParallel % CounterMod

\* ... and no registration takes that number above max_parallel_workers.
ParallelLimit == LiveParallel <= MaxParallel

\* S6 capacity: never more registrations than slots, and no two in one slot.
Capacity ==
    /\ Cardinality(live) <= NSlots
    /\ \A r1, r2 \in live : r1.s = r2.s => r1 = r2

\* The event-based properties read the step's events; they hold vacuously when Ghosts = FALSE.
EventsOK(k) == \A ev \in lastAct.ev : ev.k = k => ev.ok

\* S1 publication: when the postmaster sees in_use = true, the registration (and terminate) it
\* reads are the ones written by the backend that set in_use, never an older or partial one.
Publication == [][EventsOK("S1")']_vars

\* S2 ownership: a backend writes a slot field other than terminate only while in_use is false; the
\* postmaster writes in a slot only while in_use is true.
Ownership == [][EventsOK("S2")']_vars

\* S3 handle safety: a handle never reports on, waits on or terminates a worker of another
\* registration (generation) of its slot.
HandleSafety == [][EventsOK("S3")']_vars

\* S4 no clobbering: no store ever overwrites a cell written for a later registration of the slot
\* (in particular a release's stores never land on the next registration).
NoClobber == [][\A l \in SlotLocs : mem'[l].e >= mem[l].e]_vars

\* L3 (its safety half): no process other than the one that asked is ever notified.
NotifyOnlyRequester == [][EventsOK("L3")']_vars

\* L1: every backend waiting for startup or shutdown eventually gets an answer (or dies in a
\* crash-restart).
WaitersAnswered ==
    \A b \in Backends : Waiting(b) ~> ~Waiting(b)

\* What GetBackgroundWorkerPid of the fixed protocol answers from memory for b's handle.
HandleStopped(b) ==
    LET h == bs[b].h
    IN h = NoHandle \/ mem[Gen(h.s)].v # h.g \/ ~mem[InUse(h.s)].v \/ mem[Pid(h.s)].v = 0

\* L2: every terminate request on a live handle eventually yields STOPPED ...
TerminateStops ==
    \A b \in Backends : (bs[b].t /\ bs[b].h # NoHandle) ~> HandleStopped(b)

\* ... and no slot leaks: a slot marked terminate is eventually released.
NoSlotLeak ==
    \A s \in Slots : (mem[InUse(s)].v /\ mem[Term(s)].v) ~> ~mem[InUse(s)].v

\* L3 (its liveness half): a waiting backend whose worker changed state is notified.  Waiters only
\* re-read the status when their latch is set, so this is checked through WaitersAnswered too.

\* C3 (a failed launch leaves consistent state): whatever launches failed, the postmaster's list and
\* the slot agree.  A listed worker's slot is in use for that very registration, which is not yet
\* released; the pid cell says "started" exactly while the worker runs (a failed launch publishes
\* nothing); a worker marked crashed is not running.  During a crash-restart the list is stale by
\* design until CrashReset rebuilds both.  Read in the postmaster's program order (its own
\* buffered stores count): it is the postmaster's bookkeeping.
LaunchConsistent ==
    pm.state # "crashed" =>
        \A s \in Slots : Listed(s) =>
            LET en == list[s] IN
            /\ Load(PM, InUse(s)) = [v |-> TRUE, e |-> en.e]
            /\ \E r \in live : r.s = s /\ r.e = en.e
            /\ (Load(PM, Pid(s)).v = RunningPid) = en.run
            /\ en.crashed => ~en.run

\* C3 (a crashed child triggers crash-restart): a crash of a worker attached to shared memory
\* always leads back to a running postmaster with re-initialised shared memory.
CrashRestarts == (pm.state = "crashed") ~> (pm.state = "run")

-----------------------------------------------------------------------------
Symmetry == Permutations(Backends)

\* The view drops the ghost record of the last step: states that differ only in how they were
\* reached are one state.  Action properties are still checked on every transition.
View == <<mem, buf, list, pf, pm, bs, claims, life, live>>

=============================================================================
