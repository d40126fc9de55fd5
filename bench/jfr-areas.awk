# Summarises `jfr print --stack-depth 64 --events jdk.ExecutionSample|jdk.CPUTimeSample FILE` (text) by code area.
# Each sample goes to the area of its innermost frame outside the JDK (JDK frames are skipped, except
# virtual-thread and ForkJoin scheduling, which is an area of its own); "in stack" counts every sample whose stack
# holds the area anywhere. Also samples by thread (digits in thread names dropped). Used by bench/api-throughput.sh.
function area(cls) {
  if (cls ~ /^(com\.fasterxml\.jackson|io\.quarkus\.jackson|io\.quarkus\.resteasy\.reactive\.jackson|org\.jboss\.resteasy\.reactive\.server\.jackson)/) return "JSON (Jackson)"
  if (cls ~ /^(io\.vertx\.redis|io\.quarkus\.redis)/) return "Redis client"
  if (cls ~ /^(io\.micrometer|io\.quarkus\.micrometer)/) return "metrics (Micrometer)"
  if (cls ~ /^(org\.jboss\.logging|org\.jboss\.logmanager)/) return "logging"
  if (cls ~ /^se\.provtid/) return "Provtid code (se.provtid)"
  if (cls ~ /^(org\.jboss\.resteasy|io\.quarkus\.resteasy)/) return "REST layer (RESTEasy Reactive)"
  if (cls ~ /^(io\.netty|io\.vertx)/) return "HTTP and network (Vert.x, Netty)"
  if (cls ~ /^io\.smallrye\.mutiny/) return "Mutiny"
  if (cls ~ /^(io\.quarkus|io\.smallrye|org\.jboss)/) return "Quarkus, SmallRye, other JBoss"
  if (cls ~ /^(java\.lang\.VirtualThread|jdk\.internal\.vm\.Continuation|java\.util\.concurrent\.ForkJoin)/) return "thread scheduling (virtual threads, ForkJoin)"
  if (cls ~ /^(java\.|javax\.|jdk\.|sun\.|com\.sun\.)/) return ""
  return "other libraries"
}
function flush(   i, a, own, seen, k) {
  if (!insample) return
  total++
  own = ""
  delete seen
  for (i = 1; i <= nf; i++) {
    a = area(frame[i])
    if (a != "" && own == "") own = a
    if (a != "") seen[a] = 1
  }
  if (own == "") own = nf == 0 ? "no stack trace (failed sample)" : "JDK only (no library frame in the sampled stack)"
  self[own]++
  for (k in seen) incl[k]++
  threads[thread]++
  insample = 0; nf = 0
}
/^jdk\.(ExecutionSample|CPUTimeSample) \{/ { flush(); insample = 1; nf = 0; thread = "?"; next }
insample && /(sampledThread|eventThread) = / {
  thread = $0; sub(/.*(sampledThread|eventThread) = "/, "", thread); sub(/".*/, "", thread); gsub(/[0-9]+/, "N", thread)
  if (thread == "") thread = "(virtual thread)"
  next
}
insample && /^    [A-Za-z_$][^ ]*\(/ {
  f = $1; sub(/\(.*/, "", f); sub(/\.[^.]*$/, "", f); frame[++nf] = f; next
}
END {
  flush()
  if (total == 0) { print "no samples"; exit }
  printf "%-50s %8s %7s %10s\n", "area (innermost non-JDK frame)", "samples", "share", "in stack"
  n = 0; for (a in self) keys[++n] = a
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (self[keys[j]] > self[keys[i]]) { t = keys[i]; keys[i] = keys[j]; keys[j] = t }
  for (i = 1; i <= n; i++) {
    # scheduling and Quarkus frames sit at the bottom of every virtual thread's stack: "in stack" says nothing there
    if (keys[i] ~ /^(thread scheduling|Quarkus|JDK only|no stack)/) printf "%-50s %8d %6.1f%% %10s\n", keys[i], self[keys[i]], 100 * self[keys[i]] / total, "-"
    else printf "%-50s %8d %6.1f%% %9.1f%%\n", keys[i], self[keys[i]], 100 * self[keys[i]] / total, 100 * incl[keys[i]] / total
  }
  printf "%-50s %8d\n", "all samples", total
  print ""
  printf "%-50s %8s %7s\n", "thread", "samples", "share"
  m = 0; for (t in threads) tk[++m] = t
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (threads[tk[j]] > threads[tk[i]]) { t = tk[i]; tk[i] = tk[j]; tk[j] = t }
  for (i = 1; i <= m && i <= 8; i++) printf "%-50s %8d %6.1f%%\n", tk[i], threads[tk[i]], 100 * threads[tk[i]] / total
}
