package com.m2m.app.widget;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A partner's web app on another origin ({@code http://127.0.0.1:<port>}, while the widget is on
 * {@code localhost}): one page embedding the widget in an iframe and writing every message it receives from the
 * frame into the DOM ({@code <li data-origin=...>JSON</li>} in {@code #messages}), where Selenium reads them.
 */
final class ParentPage implements AutoCloseable {

    private final HttpServer server;
    private volatile String widgetUrl = "about:blank";

    ParentPage() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/app", exchange -> {
            byte[] body = html().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The origin partners would list in {@code allowedEmbedOrigins}. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The page's URL; it embeds {@code widgetUrl}. */
    String embedding(String widgetUrl) {
        this.widgetUrl = widgetUrl;
        return origin() + "/app";
    }

    private String html() {
        String src = widgetUrl.replace("&", "&amp;").replace("\"", "&quot;");
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Acme Remit app</title>
                <style>
                  body { margin: 0; font: 15px/1.4 system-ui, sans-serif; background: #0f172a; color: #e2e8f0; }
                  header { padding: 12px 16px; font-weight: 700; background: #111827; border-bottom: 1px solid #1f2937; }
                  header small { display: block; font-weight: 400; color: #94a3b8; }
                  iframe { display: block; width: 100%; height: 760px; border: 0; }
                  #messages li { overflow-wrap: anywhere; }
                  #messages { margin: 0; padding: 6px 16px 6px 36px; background: #111827; border-bottom: 1px solid #1f2937; font: 12px/1.4 ui-monospace, monospace; color: #94a3b8; }
                </style></head>
                <body>
                <header>Acme Remit app <small>PARENT_ORIGIN · messages from the embedded widget:</small></header>
                <ol id="messages" data-testid="messages"></ol>
                <iframe id="widget" data-testid="widget-frame" title="Send money" src="SRC"
                        onload="this.setAttribute('data-loaded', 'true')"></iframe>
                <script>
                  window.addEventListener('message', function (event) {
                    var item = document.createElement('li');
                    item.setAttribute('data-origin', event.origin);
                    item.textContent = JSON.stringify(event.data);
                    document.getElementById('messages').appendChild(item);
                  });
                </script>
                </body></html>
                """.replace("SRC", src).replace("PARENT_ORIGIN", origin());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
