#!/usr/bin/env bash
# Full-build benchmark: paveldas against Hugo on corpora made by bench/gen_corpus.py.
#
# Usage:
#   bench/run.sh [options] LESSONS...         e.g. bench/run.sh 1000 10000
#   bench/run.sh --scaling [LESSONS...]       paveldas alone; default sizes 1000 10000 30000
# Options:
#   --runs N      measured runs per tool and size (default: 5 up to 2,000 lessons, else 3)
#   --warmup N    unmeasured runs per tool and size before the measured ones (default 1)
#   --no-hugo     paveldas only (implied by --scaling)
#   --report TSV  print the tables again from the raw runs a previous call saved, and stop
#   -h, --help    this text
# Environment:
#   BENCH_DIR     where corpora and outputs go (default /dev/shm/paveldas-bench: tmpfs, so disk
#                 write-back does not blur the numbers); about 1.5 GB at 10k lessons, 5 GB at 30k
#   SEED          corpus seed (default 1)
#   LIMIT         seconds one build may take before it counts as failed (default 900)
#   HUGO          the Hugo binary (default hugo)
#
# Every build is clean (output deleted first) and written to BENCH_DIR. paveldas and Hugo run
# alternately (P H P H ...), so both see the same load; the ratio column is the median of the
# per-pair wall-time ratios, which stays steady on a shared machine when the absolute times do not.
# Wall, user CPU and peak RSS come from /usr/bin/time; pages are the *.html files in the output.
# Missing tools (hugo, hyperfine, /usr/bin/time) are installed with apt-get.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/.." && pwd)
bench_dir=${BENCH_DIR:-/dev/shm/paveldas-bench}
seed=${SEED:-1}
limit=${LIMIT:-900}
hugo_bin=${HUGO:-hugo}
runs=""
warmup=1
scaling=0
with_hugo=1
sizes=()
report_only=""

usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --scaling) scaling=1; with_hugo=0; shift ;;
    --no-hugo) with_hugo=0; shift ;;
    --report) report_only=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
print_tables() { # results.tsv
python3 - "$1" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
med = statistics.median
by = {}
for r in rows:
    by.setdefault((int(r["lessons"]), r["tool"]), []).append(r)
def col(rs, k):
    return [float(r[k]) for r in rs]
sizes = sorted({k[0] for k in by})
def size(n):
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)
def medians(rs):
    return (med(col(rs, "wall")), med(col(rs, "user")), med(col(rs, "sys")),
            med(col(rs, "rss_kib")) / 1024, int(med(col(rs, "pages"))))
loads = [float(r["load1"]) for r in rows]
if not any(tool == "hugo" for _, tool in by):
    # paveldas alone: growth per page, in wall time and in CPU time (user + sys), which a loaded
    # machine blurs much less than wall time.
    print("| lessons | HTML pages | wall s | user s | sys s | peak RSS MiB | pages/s | µs wall per page | µs CPU per page | CPU per page vs smallest |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base = None
    for n in sizes:
        rs = by[(n, "paveldas")]
        wall, user, sys_, rss, pages = medians(rs)
        cpu = med([float(r["user"]) + float(r["sys"]) for r in rs]) / pages
        base = base or cpu
        print(f"| {n:,} | {pages:,} | {wall:.2f} | {user:.2f} | {sys_:.2f} | {rss:,.0f} | {pages / wall:,.0f} |"
              f" {wall / pages * 1e6:,.0f} | {cpu * 1e6:,.0f} | {cpu / base:.2f} |")
    runs = ", ".join(f"{len(by[(n, 'paveldas')])} at {size(n)}" for n in sizes)
    print(f"\nMedians of runs ({runs}); the last column stays near 1.00 when the work grows"
          f" linearly. 1-min load average during the runs: {min(loads):.1f}-{max(loads):.1f}.")
    sys.exit(0)
print("| tool | corpus | wall s | user s | peak RSS MiB | HTML pages | pages/s | paveldas/Hugo wall (user) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    for tool in ("hugo", "paveldas"):
        rs = by.get((n, tool))
        if not rs:
            continue
        wall, user, _, rss, pages = medians(rs)
        ratio = ""
        if tool == "paveldas" and (n, "hugo") in by:
            h = {r["run"]: r for r in by[(n, "hugo")]}
            pairs = [(float(r["wall"]) / float(h[r["run"]]["wall"]), float(r["user"]) / float(h[r["run"]]["user"]))
                     for r in rs if r["run"] in h]
            ratio = f"{med([p[0] for p in pairs]):.3f} ({med([p[1] for p in pairs]):.3f})"
        name = "Hugo" if tool == "hugo" else "paveldas"
        print(f"| {name} | {size(n)}×3 | {wall:.2f} | {user:.2f} | {rss:,.0f} | {pages:,} | {pages / wall:,.0f} | {ratio} |")
runs = {n: len(by[(n, "paveldas")]) for n in sizes}
print(f"\nMedians of {', '.join(f'{v} runs at {size(k)}' for k, v in runs.items())}; ratio = median of per-pair ratios"
      f" from alternating runs. 1-min load average during the runs: {min(loads):.1f}-{max(loads):.1f}.")
EOF
}
if [ -n "$report_only" ]; then print_tables "$report_only"; exit 0; fi
if [ ${#sizes[@]} -eq 0 ]; then
  if [ $scaling = 1 ]; then sizes=(1000 10000 30000); else usage >&2; exit 2; fi
fi
for s in "${sizes[@]}"; do
  case $s in ''|*[!0-9]*) echo "not a number of lessons: $s" >&2; exit 2 ;; esac
done

say() { printf '== %s\n' "$*" >&2; }

# ---- tools
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [ $with_hugo = 1 ] && ! command -v "$hugo_bin" >/dev/null; then need+=(hugo); fi
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

# ---- paveldas, built once; a frozen copy so a rebuild in the work tree cannot change it mid-run
say "cargo build --release"
(cd "$project" && cargo build --release --quiet --bin paveldas)
paveldas="$bench_dir/paveldas"
cp "$project/target/release/paveldas" "$paveldas.new" && mv "$paveldas.new" "$paveldas"
rev=$(cd "$project" && git describe --always --dirty 2>/dev/null || echo unknown)

# ---- corpora: regenerated when the generator, the theme, the locales or the arguments change
corpus_for() {
  local n=$1 dir="$bench_dir/corpus-$1" stamp
  stamp=$( {
    echo "lessons=$n seed=$seed"
    cd "$project" && find bench/gen_corpus.py themes locales -type f -print0 | sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-16)
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "generating $n lessons into $dir"
    python3 "$here/gen_corpus.py" "$dir" --lessons "$n" --seed "$seed" --project "$project" --force >/dev/null
    echo "$stamp" >"$dir/.stamp"
  fi
  echo "$dir"
}

# ---- one clean build, measured; appends a row to $results
results="$bench_dir/results-$(date +%Y%m%d-%H%M%S).tsv"
printf 'lessons\ttool\trun\twall\tuser\tsys\trss_kib\tpages\tload1\n' >"$results"

build_once() { # tool lessons corpus run(0 = warm-up)
  local tool=$1 n=$2 corpus=$3 run=$4 out="$bench_dir/out-$1-$2" tfile="$bench_dir/time.txt" log="$bench_dir/log-$1-$2.txt"
  rm -rf "$out" "$bench_dir"/.out-"$tool"-"$n".paveldas-*
  local cmd
  case $tool in
    paveldas) cmd=("$paveldas" build --root "$corpus" --output "$out") ;;
    hugo) cmd=(env HUGO_STATICDIR="$corpus/static" HUGO_RESOURCEDIR="$bench_dir/hugo-cache/resources"
               "$hugo_bin" --source "$here/hugo" --contentDir "$corpus/content" --destination "$out"
               --cacheDir "$bench_dir/hugo-cache" --noBuildLock --quiet) ;;
  esac
  if ! timeout "$limit" /usr/bin/time -f '%e %U %S %M' -o "$tfile" "${cmd[@]}" >"$log" 2>&1; then
    echo "$tool failed on $n lessons (or took over ${limit}s); its output:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  [ "$run" = 0 ] && return 0
  local pages load1
  pages=$(find "$out" -name '*.html' | wc -l)
  load1=$(cut -d' ' -f1 /proc/loadavg)
  read -r wall user sys rss <"$tfile"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$run" "$wall" "$user" "$sys" "$rss" "$pages" "$load1" >>"$results"
  printf '   %-8s %6s lessons  run %s  wall %6.2f s  user %6.2f s  rss %5d MiB  pages %6d  load %s\n' \
    "$tool" "$n" "$run" "$wall" "$user" $((rss / 1024)) "$pages" "$load1" >&2
}

tools=(paveldas)
[ $with_hugo = 1 ] && tools+=(hugo)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${sizes[@]}"; do
  corpus=$(corpus_for "$n")
  r=$runs
  if [ -z "$r" ]; then if [ "$n" -le 2000 ]; then r=5; else r=3; fi; fi
  say "$n lessons: $warmup warm-up + $r measured runs of ${tools[*]}$([ ${#tools[@]} -gt 1 ] && echo ', alternating')"
  for ((i = 1; i <= warmup; i++)); do for t in "${tools[@]}"; do build_once "$t" "$n" "$corpus" 0; done; done
  for ((i = 1; i <= r; i++)); do for t in "${tools[@]}"; do build_once "$t" "$n" "$corpus" "$i"; done; done
  for t in "${tools[@]}"; do rm -rf "$bench_dir/out-$t-$n"; done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
hugo_version=$([ $with_hugo = 1 ] && "$hugo_bin" version | sed 's/ BuildDate.*//' || true)
echo
echo "Machine: $(nproc) cores, $cpu, $mem RAM; $(. /etc/os-release && echo "$PRETTY_NAME")."
echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end."
echo "paveldas $rev (release); ${hugo_version:-Hugo not run}. Corpus and output in $bench_dir."
echo
print_tables "$results"
echo
echo "Raw runs: $results"
