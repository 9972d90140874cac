# An example of "your own VCL" for `stampede run <scenario> --vcl packages/scenarios/examples/site.vcl`.
# stampede replaces {{ORIGIN_HOST}} and {{ORIGIN_PORT}} with its fake origin's address; everything else is yours.
# Keep the X-Cache header (HIT / MISS / STALE) so the report can count cache outcomes.
vcl 4.1;

backend default {
    .host = "{{ORIGIN_HOST}}";
    .port = "{{ORIGIN_PORT}}";
}

acl purgers { "127.0.0.1"; "::1"; }

sub vcl_recv {
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

sub vcl_hit {
    if (obj.ttl <= 0s) { set req.http.X-Stale = "1"; }
}

sub vcl_deliver {
    if (obj.hits > 0 && req.http.X-Stale) {
        set resp.http.X-Cache = "STALE";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
