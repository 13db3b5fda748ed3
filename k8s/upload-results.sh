#!/bin/sh
# Beside k6 in every runner pod of `npm run k8s` (a native sidecar): once k6's summary is complete,
# PUT this segment's raw output, then its summary, to the segment's presigned S3 URLs, and stay
# alive until the kubelet stops the pod. POSIX sh and curl only (the curlimages/curl image).
#
# RESULTS_DIR  where k6 writes (the runner's emptyDir), default /results
# URLS_DIR     the mounted Secret, one file per URL: <i>-of-<N>.<file>, default /upload-urls
# TEST         the k6 test (smoke, ramp, …): its files are <TEST>.raw.json.gz and <TEST>.summary.json
set -u

results=${RESULTS_DIR:-/results}
urls=${URLS_DIR:-/upload-urls}
test=${TEST:?TEST is not set}
raw="$test.raw.json.gz"
summary="$test.summary.json"

# The kubelet sends TERM once k6 has exited (sidecars stop after the main container). A trap only
# sets a flag, so an upload under way runs to its end within the pod's grace period (30 s: the
# TestRun's runner has no field to change it) instead of being cut short.
stopping=0
trap 'stopping=1' TERM INT

log() {
  echo "upload-results: $*" >&2
}

# k6 closes its --out json file before handleSummary writes the summary. The summary is indented
# JSON whose only unindented "}" is its last line: a file that ends so is whole, and the raw
# output beside it complete.
summary_complete() {
  [ -f "$results/$summary" ] && [ "$(tail -n 1 "$results/$summary")" = '}' ]
}

# The segment k6 ran, from the summary's run.segment ({ "index": 2, "count": 4, … }, pretty-printed).
segment_field() {
  sed -n "/\"segment\": {/,/}/s/^ *\"$1\": *\([0-9][0-9]*\),*$/\1/p" "$results/$summary" | head -n 1
}

put() {
  curl --fail --silent --show-error --retry 4 --retry-connrefused --upload-file "$results/$1" "$(cat "$urls/$2.$1")"
}

log "waiting for $results/$summary"
while ! summary_complete; do
  # Looked at again after the TERM: k6 may have written its summary just before it.
  if [ "$stopping" = 1 ] && ! summary_complete; then
    log "k6 ended without a summary (its log says why): nothing uploaded"
    exit 0
  fi
  sleep 1
done

index=$(segment_field index)
count=$(segment_field count)
segment="$index-of-$count"
if [ -z "$index" ] || [ -z "$count" ] || [ ! -f "$urls/$segment.$summary" ]; then
  log "the summary names no segment of this run (run.segment: '$segment'): nothing uploaded"
elif [ ! -f "$results/$raw" ]; then
  log "segment $segment: no raw output $raw: nothing uploaded, the segment stays missing"
elif put "$raw" "$segment" && put "$summary" "$segment"; then
  # The summary goes last: a segment whose summary is in S3 has its whole raw output there too.
  log "segment $segment: $raw and $summary uploaded"
else
  log "segment $segment: an upload failed after curl's retries: the segment stays incomplete"
fi

# A native sidecar that exits is started again (and would upload again): wait for the TERM.
while [ "$stopping" = 0 ]; do
  sleep 1
done
