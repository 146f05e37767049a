package dev.ferry.fort.activity;

/** The beacon's reverse-proxy entry for one public service, as an nginx {@code server} block. */
final class NginxServerBlock {

  private NginxServerBlock() {}

  static String render(String fqdn, int listenPort, String upstreamHost, int upstreamPort) {
    return """
        # managed by Ferry: public entry for %1$s
        server {
            listen %2$d;
            server_name %1$s;
            client_max_body_size 100m;
            location / {
                proxy_pass http://%3$s:%4$d;
                proxy_http_version 1.1;
                proxy_set_header Host $host;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection "upgrade";
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_set_header X-Forwarded-Proto $scheme;
                proxy_set_header X-Real-IP $remote_addr;
            }
        }
        """
        .formatted(fqdn, listenPort, upstreamHost, upstreamPort);
  }
}
