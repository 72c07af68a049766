package com.m2m.app.widget;

import com.m2m.domain.common.ResourceNotFoundException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the end user's widget: {@code GET /w/{linkId}/{flow}} answers one static HTML shell (nothing about the
 * link is in it; the token stays in the URL fragment, which browsers never send) and {@code /w/assets/*} its
 * stylesheet and scripts from {@code classpath:widget/}. Static resource mapping is off in this application, so
 * only the files listed here are reachable.
 *
 * <p>Asset URLs carry a hash of all the assets ({@code /w/assets/<hash>/<name>}), so they are cached for a year;
 * the page itself is {@code no-store}. The scripts are native ES modules ({@code <script type="module">}) served
 * as {@code text/javascript}, which module loading requires; they come from ourselves, so {@code script-src 'self'}
 * admits them (and nothing inline). The page's Content-Security-Policy allows nothing from elsewhere, and framing
 * only by the origins the link's partner configured for the link's environment; the same origins are named in the
 * page ({@code <meta name="m2m-embed-origins">}) as the only targets of its postMessage events.
 */
@Controller
public class WidgetPageController {

    private static final String ROOT = "widget/";
    /**
     * The files served: the styles, the logo and the ES modules (docs/widget.md "Structure"); widget.js is the
     * entry point the page loads.
     */
    private static final List<String> ASSETS = List.of("widget.css", "logo.svg", "widget.js", "i18n.js", "text.js",
            "state.js", "dom.js", "parent.js", "api.js", "flow.js", "welcome.js", "details.js", "verify.js", "send.js",
            "done.js", "end.js");
    /** An asset's type, by its file extension. */
    private static final Map<String, MediaType> TYPES = Map.of(
            "css", new MediaType("text", "css", StandardCharsets.UTF_8),
            "svg", new MediaType("image", "svg+xml", StandardCharsets.UTF_8),
            "js", new MediaType("text", "javascript", StandardCharsets.UTF_8));
    private static final Pattern ASSET_REFERENCE = Pattern.compile("\\{\\{asset:([a-z0-9.]+)}}");
    private static final Pattern FLOW = Pattern.compile("[a-z0-9-]{1,64}");
    private static final String EMBED_ORIGINS = "{{embedOrigins}}";

    private record Asset(byte[] content, MediaType type, String version) {
    }

    private final EmbedPolicy embedPolicy;
    private final Map<String, Asset> assets = new TreeMap<>();
    /** A hash of every asset: the path segment under which the page loads them all. */
    private final String bundleVersion;
    private final String page;

    public WidgetPageController(EmbedPolicy embedPolicy) {
        this.embedPolicy = embedPolicy;
        ASSETS.forEach(name -> {
            byte[] content = read(name);
            MediaType type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            assets.put(name, new Asset(content, type, sha256(content).substring(0, 12)));
        });
        StringBuilder versions = new StringBuilder();
        assets.forEach((name, asset) -> versions.append(name).append('=').append(asset.version()).append('\n'));
        this.bundleVersion = sha256(versions.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        this.page = withAssetUrls(new String(read("index.html"), StandardCharsets.UTF_8));
    }

    @GetMapping("/w/{linkId}/{flow}")
    public ResponseEntity<String> page(@PathVariable String linkId, @PathVariable String flow) {
        if (!FLOW.matcher(flow).matches()) {
            throw new ResourceNotFoundException("Resource not found");
        }
        List<String> origins = embedPolicy.allowedOrigins(linkId);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", EmbedPolicy.contentSecurityPolicy(origins))
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
                // The page posts its messages to these origins only (never '*'). EmbedPolicy admits nothing but
                // scheme://host[:port], so they cannot break out of the attribute.
                .body(page.replace(EMBED_ORIGINS, String.join(" ", origins)));
    }

    /** Spring answers 304 by itself when {@code If-None-Match} matches the ETag. */
    @GetMapping("/w/assets/{name}")
    public ResponseEntity<byte[]> asset(@PathVariable String name) {
        return serve(assets.get(name));
    }

    /**
     * The assets as the page loads them: under the hash of the whole set, so a module's relative imports
     * ({@code import ... from './state.js'}) resolve to the same version, and any change anywhere gives every
     * file a new URL. Another version than the one this server has is not served (no stale mix of modules).
     */
    @GetMapping("/w/assets/{version}/{name}")
    public ResponseEntity<byte[]> versionedAsset(@PathVariable String version, @PathVariable String name) {
        return serve(bundleVersion.equals(version) ? assets.get(name) : null);
    }

    private ResponseEntity<byte[]> serve(Asset asset) {
        if (asset == null) {
            throw new ResourceNotFoundException("Resource not found");
        }
        return ResponseEntity.ok()
                .eTag("\"" + asset.version() + "\"")
                .contentType(asset.type())
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                // Set here, Spring does not add its own "attachment-safe" Content-Disposition (filename=f.txt).
                .header("Content-Disposition", "inline")
                .body(asset.content());
    }

    private String withAssetUrls(String template) {
        Matcher matcher = ASSET_REFERENCE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Asset asset = assets.get(matcher.group(1));
            if (asset == null) {
                throw new IllegalStateException("widget/index.html refers to an unknown asset " + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    "/w/assets/" + bundleVersion + "/" + matcher.group(1)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static byte[] read(String name) {
        try (InputStream in = new ClassPathResource(ROOT + name).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Missing widget file classpath:" + ROOT + name, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
