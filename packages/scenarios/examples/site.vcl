# An example of "your own VCL" for `stampede run <scenario> --vcl packages/scenarios/examples/site.vcl`, written as
# for production: the backends are where the app servers really are. stampede compiles a private copy in which every
# backend and health probe points at its fake origin (the report lists them, with where they pointed), puts its own
# outcome header (X-Stampede-Cache: HIT / MISS / STALE / PASS) in front of your subs, and runs the rest as written.
vcl 4.1;

import directors;

probe healthz {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "10.0.1.11";
    .port = "8080";
    .probe = healthz;
}

backend app2 {
    .host = "10.0.1.12";
    .port = "8080";
    .probe = healthz;
}

acl purgers { "127.0.0.1"; "::1"; }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "BAN") {
        if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
        ban("req.url ~ " + req.http.X-Ban-Pattern);
        return (synth(200, "Banned"));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
        return (purge);
    }
}

sub vcl_backend_response {
    # Serve stale for up to 30 s while one background fetch refreshes (grace): the mitigation for expiry storms.
    set beresp.grace = 30s;
}
