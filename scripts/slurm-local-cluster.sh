#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, for testing `antipode batch slurm` (Debian's slurm-wlm + munge).
#   bash scripts/slurm-local-cluster.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd;
#                                                   # prints SLURM_CONF=DIR/slurm.conf once the node is idle
#   bash scripts/slurm-local-cluster.sh stop DIR    # stops the daemons it started (by their pid files)
# Needs root (the daemons run as root here) and the packages slurm-wlm and munge; exits 3 with a one-line
# reason when something is missing or the cluster does not come up, so a test can skip cleanly.
set -uo pipefail
action=${1:-}; dir=${2:-}
[ -n "$action" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
stop() {
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null
  done
  sleep 1
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null; rm -f "$dir/$p.pid"
  done
  return 0
}
if [ "$action" = stop ]; then stop; exit 0; fi
# The daemons outlive this script: they must not hold any descriptor it inherited (a caller reading our
# output through a pipe would otherwise wait for them to exit).
for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done
[ "$action" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
for p in munged slurmctld slurmd sbatch; do
  command -v "$p" >/dev/null || [ -x "/usr/sbin/$p" ] || { echo "slurm: $p is not installed (apt-get install slurm-wlm munge)" >&2; exit 3; }
done
[ "$(id -u)" -eq 0 ] || { echo "slurm: the local cluster needs root" >&2; exit 3; }
[ -r /etc/munge/munge.key ] || { echo "slurm: no /etc/munge/munge.key" >&2; exit 3; }
host=$(hostname -s); cpus=$(nproc); mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
cat > "$dir/slurm.conf" <<CONF
ClusterName=antipode-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldPort=$((6817 + RANDOM % 1000))
SlurmdPort=$((7817 + RANDOM % 1000))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
/usr/sbin/munged --socket="$dir/munge/munge.socket" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munged.log" --seed-file="$dir/munge/seed" --force </dev/null >/dev/null 2>&1 || { echo "slurm: munged did not start" >&2; stop; exit 3; }
export SLURM_CONF="$dir/slurm.conf"
/usr/sbin/slurmctld -f "$dir/slurm.conf" </dev/null >/dev/null 2>&1 || { echo "slurm: slurmctld did not start (see $dir/slurmctld.log)" >&2; stop; exit 3; }
/usr/sbin/slurmd -f "$dir/slurm.conf" </dev/null >/dev/null 2>&1 || { echo "slurm: slurmd did not start (see $dir/slurmd.log)" >&2; stop; exit 3; }
for _ in $(seq 1 30); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then echo "SLURM_CONF=$dir/slurm.conf"; exit 0; fi
  sleep 1
done
echo "slurm: the node did not become idle in 30 s (see $dir/slurmctld.log)" >&2
stop; exit 3
