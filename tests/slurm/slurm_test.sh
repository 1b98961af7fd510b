#!/usr/bin/env bash
# A real single-node Slurm cluster runs a sharded sweep: munged with a
# generated key on its own socket, slurmctld and slurmd on localhost with a
# slurm.conf of their own, all in a temporary folder (never /etc/slurm or a
# system munge), all stopped and removed on exit, even on failure.
#   1. tools/slurm/submit, 3 shards under callgrind; the merged results.csv
#      must equal a local unsharded run's, byte for byte;
#   2. a resubmission with one shard cancelled (scancel) mid-run: the merge
#      job must name its missing cells; resubmitting that shard alone and
#      merging again must give the unsharded results.csv.
# Usage: slurm_test.sh TALLY PLUGIN_DIR TOOLS_SLURM_DIR
# Exit 77 (skipped) when slurm-wlm or munge is not installed, or not root.
set -euo pipefail
tally=$1 plugins=$2 slurm_tools=$3
for tool in munged slurmctld slurmd sbatch scontrol scancel; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed (apt-get install slurm-wlm munge)"; exit 77; }
done

# slurmd runs jobs as their users, so it must be root (as in CI).
((EUID == 0)) || { echo "SKIP: slurmd needs root to run jobs"; exit 77; }

tmp=$(mktemp -d /tmp/tally-slurm-XXXXXX)
chmod 755 "$tmp"
stop_daemons() {
  for pid_file in "$tmp"/slurmd.pid "$tmp"/slurmctld.pid "$tmp"/munged.pid; do
    [[ -s $pid_file ]] || continue
    pid=$(cat "$pid_file")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
on_exit() {
  status=$?
  if ((status != 0)); then
    echo "--- logs (test failed with $status) ---"
    tail -n 20 "$tmp"/*.log "$tmp"/shared*/logs/* 2>/dev/null || true
  fi
  stop_daemons
  rm -rf "$tmp"
}
trap on_exit EXIT
fail() { echo "FAIL: $*"; exit 1; }

# --- munge, on its own socket, with a generated key ---
dd if=/dev/urandom of="$tmp/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge.key"
mkdir -m 700 "$tmp/munge"
munged --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge.key" \
  --pid-file="$tmp/munged.pid" --log-file="$tmp/munged.log" \
  --seed-file="$tmp/munge/munged.seed" --force

# --- slurm.conf: one node (this machine), one partition, ports of our own ---
port=$((20000 + RANDOM % 20000))
host=$(hostname -s)
cat >"$tmp/slurm.conf" <<CONF
ClusterName=tallytest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
PlugStackConfig=$tmp/plugstack.conf
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=tally Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
: >"$tmp/plugstack.conf"
mkdir -p "$tmp/state" "$tmp/spool"
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -i >"$tmp/slurmctld.out.log" 2>&1 &
slurmd -D >"$tmp/slurmd.out.log" 2>&1 &

# Waits (at most $2 s) until node or job state matches $3.
wait_for() {
  local what=$1 limit=$2 pattern=$3 state=
  for ((i = 0; i < limit * 2; i++)); do
    state=$(scontrol show $what 2>/dev/null || true)
    [[ $state =~ $pattern ]] && return 0
    sleep 0.5
  done
  fail "$what did not reach /$pattern/ within $limit s: $(echo "$state" | grep -o 'State=[A-Z_+]*' | head -3)"
}
wait_for "node $host" 60 'State=IDLE'
# Waits for a job (all its tasks) to end; prints nothing.
wait_job_end() {
  local id=$1 limit=$2
  for ((i = 0; i < limit * 2; i++)); do
    scontrol show job "$id" 2>/dev/null | grep -qE 'JobState=(PENDING|RUNNING|COMPLETING|CONFIGURING)' || return 0
    sleep 0.5
  done
  fail "job $id still running after $limit s"
}

# --- a small sweep of test plugins under callgrind ---
cat >"$tmp/sweep.yaml" <<'YAML'
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 10000}, label: a}
  - {name: healthy_loop, params: {n: 20000}, label: b}
  - {name: healthy_loop, params: {n: 30000}, label: c}
  - {name: healthy_loop, params: {n: 40000}, label: d}
  - {name: healthy_heap}
  - {name: slow_sleep, params: {ms: 1500, n: 1000}, label: a}
  - {name: slow_sleep, params: {ms: 1500, n: 2000}, label: b}
  - {name: slow_sleep, params: {ms: 1500, n: 3000}, label: c}
YAML
run_args=(--counter callgrind --no-default-plugins --plugins "$plugins")
"$tally" run "$tmp/sweep.yaml" "${run_args[@]}" --out "$tmp/local" >/dev/null 2>"$tmp/local.log" ||
  fail "the local run failed: $(tail -3 "$tmp/local.log")"

submit() { "$slurm_tools/submit" --tally "$tally" --config "$tmp/sweep.yaml" --shards 3 "$@" -- "${run_args[@]}"; }
job_ids() { awk -v k="$1" '$1 == k { print $3 }'; }

# 1. Three shards, merged, equal the unsharded run.
ids=$(submit --shared "$tmp/shared1")
array=$(job_ids array <<<"$ids") merge=$(job_ids merge <<<"$ids")
wait_job_end "$merge" 150
cmp "$tmp/local/results.csv" "$tmp/shared1/merged/results.csv" ||
  fail "merged results.csv differs from the unsharded run's"
echo "ok: 3 shards on Slurm merged equal the unsharded run ($(wc -l <"$tmp/local/results.csv") rows)"

# 2. One shard cancelled mid-run: merge names its missing cells.
ids=$(submit --shared "$tmp/shared2")
array=$(job_ids array <<<"$ids") merge=$(job_ids merge <<<"$ids")
victim=
for ((i = 0; i < 240; i++)); do
  for k in 0 1 2; do
    # A shard with a slow cell still to do: cancel it in the middle.
    if [[ -f $tmp/shared2/shard-$k/run.json ]] &&
       sed -n '/"owned"/,/]/p' "$tmp/shared2/shard-$k/run.json" | grep -q slow_sleep &&
       ! grep -q slow_sleep "$tmp/shared2/shard-$k/journal.jsonl" 2>/dev/null; then
      victim=$k; break
    fi
  done
  [[ -z $victim ]] || break
  sleep 0.25
done
[[ -n $victim ]] || fail "no shard with a slow cell was seen running"
scancel "${array}_$victim"
wait_job_end "$merge" 150
merge_log=$(cat "$tmp/shared2/logs/merge-$merge.out")
grep -q "have no result" <<<"$merge_log" || fail "merge did not report missing cells: $merge_log"
grep -q "shard $((victim + 1))/3" <<<"$merge_log" || fail "merge did not name shard $((victim + 1))/3: $merge_log"
echo "ok: cancelled shard $victim; merge said: $(grep -o 'error: .*' <<<"$merge_log" | head -1)"

# 3. Resubmit that shard alone; it resumes, and the merge is complete.
ids=$(submit --shared "$tmp/shared2" --only "$victim")
merge=$(job_ids merge <<<"$ids")
wait_job_end "$merge" 150
cmp "$tmp/local/results.csv" "$tmp/shared2/merged/results.csv" ||
  fail "after resubmitting shard $victim, merged results.csv differs: $(cat "$tmp/shared2/logs/merge-$merge.out")"
echo "ok: resubmitted shard $victim; merged equals the unsharded run"
