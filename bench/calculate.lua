-- wrk script: POST a 3-room quote to the calculate endpoint.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"org":"demo","extreme_weather":false,"rooms":[
 {"name":"Living","floor":1,"openings":[
  {"kind":"window","width_m":"2.40","height_m":"1.80","quantity":3,"sku":"SOL-CERAMIC-70"},
  {"kind":"sliding_door","width_m":"2.00","height_m":"2.10","quantity":1,"sku":"SEC-CLEAR-8MIL"}]},
 {"name":"Dormitorio","floor":4,"openings":[
  {"kind":"window","width_m":"1.20","height_m":"1.50","quantity":2,"sku":"SOL-CHARCOAL-05","difficult_access":true}]},
 {"name":"Baño","floor":2,"openings":[
  {"kind":"shower_enclosure","width_m":"0.90","height_m":"2.00","quantity":1,"sku":"DEC-FROSTED-FULL","curved_glass":true},
  {"kind":"door","width_m":"0.80","height_m":"2.00","quantity":1,"sku":"DEC-STRIPES"}]}]}]]

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
