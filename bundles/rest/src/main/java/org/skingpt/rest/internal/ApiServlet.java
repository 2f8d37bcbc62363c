package org.skingpt.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.skingpt.api.access.ApiScope;
import org.skingpt.api.access.ApiToken;
import org.skingpt.api.access.ApiTokens;
import org.skingpt.api.access.IssuedToken;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationRequest;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Report;
import org.skingpt.api.consultation.StandardQuestionsListener;
import org.skingpt.api.model.ModelCatalog;
import org.skingpt.api.model.ModelInfo;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelState;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.NodeRegistry;
import org.skingpt.api.record.NodeStatus;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole {@code /api/v1} API in one servlet: a route table, authentication by API token, the audit of every
 * use, rate limits, size limits, and errors as RFC 9457 problem documents. Each route is described in
 * {@code openapi.json} (served at {@code /api/v1/openapi.json}); a test keeps the two in step.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> START_FIELDS = Set.of("image", "locale", "clinicalContext", "patientReference",
            "encounterReference");
    private static final int MAX_FIELD_CHARS = 20_000;
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_WORKERS = 64;

    private final transient ApiServices services;
    private final transient RestSettings settings;
    private final transient RateLimiter limiter;
    private final transient List<Route> routes;
    private final byte[] openApi;
    /**
     * Generation runs on these long-lived threads, not on Jetty's: the engine sets up per-thread state (its
     * intra-op thread team) the first time a thread calls it, which cost a new request thread about 25 ms
     * before its first token. Idle threads are reused first; when all are busy the call is refused as busy.
     */
    private final transient java.util.concurrent.ThreadPoolExecutor workers = new java.util.concurrent.ThreadPoolExecutor(
            0, MAX_WORKERS, 10, java.util.concurrent.TimeUnit.MINUTES, new java.util.concurrent.SynchronousQueue<>(),
            r -> {
                Thread t = new Thread(r, "skingpt-api-worker");
                t.setDaemon(true);
                return t;
            });

    ApiServlet(ApiServices services, RestSettings settings, byte[] openApi) {
        this.services = services;
        this.settings = settings;
        this.limiter = new RateLimiter(settings.rateLimitPerMinute());
        this.openApi = openApi.clone();
        this.routes = List.of(
                new Route("GET", "/health/live", null, this::live),
                new Route("GET", "/health/ready", null, this::ready),
                new Route("GET", "/openapi.json", null, this::openApi),
                new Route("GET", "/models", ApiScope.READ, this::models),
                new Route("GET", "/locales", ApiScope.READ, this::locales),
                new Route("GET", "/report-formats", ApiScope.READ, this::formats),
                new Route("POST", "/consultations", ApiScope.CONSULT, this::start),
                new Route("GET", "/consultations", ApiScope.READ, this::history),
                new Route("GET", "/consultations/{id}", ApiScope.READ, this::get),
                new Route("POST", "/consultations/{id}/standard-questions", ApiScope.CONSULT, this::standardQuestions),
                new Route("POST", "/consultations/{id}/follow-ups", ApiScope.CONSULT, this::followUp),
                new Route("POST", "/consultations/{id}/reopen", ApiScope.CONSULT, this::reopen),
                new Route("POST", "/consultations/{id}/close", ApiScope.CONSULT, this::close),
                new Route("GET", "/consultations/{id}/report", ApiScope.READ, this::report),
                new Route("GET", "/nodes", ApiScope.ADMIN, this::listNodes),
                new Route("GET", "/tokens", ApiScope.ADMIN, this::listTokens),
                new Route("POST", "/tokens", ApiScope.ADMIN, this::createToken),
                new Route("DELETE", "/tokens/{id}", ApiScope.ADMIN, this::revokeToken));
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
        super.destroy();
    }

    /** Runs generation on a worker thread and waits for it (see {@link #workers}). */
    private <T> T onWorker(java.util.function.Supplier<T> work) {
        java.util.concurrent.Future<T> f;
        try {
            f = workers.submit(work::get);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new BusyException("all " + MAX_WORKERS + " API generation threads are busy");
        }
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new BusyException("the request was interrupted");
        }
    }

    /** The operations served, for the test that compares them with openapi.json. */
    List<Route> routes() {
        return routes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo() == null || req.getPathInfo().isEmpty() ? "/" : req.getPathInfo();
        Call call = new Call(req, resp, Map.of(), null, "", sourceAddress(req));
        try {
            Route route = null;
            Map<String, String> params = null;
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                Map<String, String> p = r.match(path);
                if (p != null) {
                    allowed.add(r.method());
                    if (r.method().equals(req.getMethod())) {
                        route = r;
                        params = p;
                    }
                }
            }
            if (route == null && allowed.isEmpty()) {
                throw Problem.notFound("no-such-endpoint", "There is no " + req.getMethod() + " " + ApiContextHelper.PATH
                        + path + "; the endpoints are described at " + ApiContextHelper.PATH + "/openapi.json");
            }
            if (route == null) {
                throw new Problem(405, "method-not-allowed", "Method not allowed", ApiContextHelper.PATH + path
                        + " takes " + String.join(", ", allowed) + ", not " + req.getMethod())
                        .header("Allow", String.join(", ", allowed));
            }
            for (String v : params.values()) {
                if (!ID.matcher(v).matches()) {
                    throw Problem.notFound("consultation.unknown", "'" + v + "' is not an identifier SkinGPT issues"
                            + " (letters, digits, '.', '_', ':', '-', at most 64)");
                }
            }
            call = new Call(req, resp, params, null, clientCertificate(req), call.sourceAddress());
            if (route.scope() != null) {
                call = authenticate(call, route, path);
            }
            route.handler().handle(call);
        } catch (Exception e) {
            fail(call, e);
        }
    }

    // ---- authentication, audit, limits ----

    private Call authenticate(Call call, Route route, String path) {
        HttpServletRequest req = call.request();
        ApiTokens tokens = services.tokens();
        if (tokens == null) {
            throw Problem.unavailable("tokens-unavailable", "API tokens cannot be checked: the clinical record"
                    + " (bundle org.skingpt.store) is not running. See skingpt:status on the server.");
        }
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw denied(call, null, path, new Problem(401, "token.missing", "Unauthorized",
                    "This endpoint needs an API token: send 'Authorization: Bearer <secret>'. An admin creates one"
                            + " with skingpt:token-create (console sessions do not grant API access).")
                    .header("WWW-Authenticate", "Bearer realm=\"skingpt\""));
        }
        Optional<ApiToken> found = tokens.authenticate(header.substring(7).strip());
        Instant now = Instant.now();
        if (found.isEmpty()) {
            throw denied(call, null, path, new Problem(401, "token.unknown", "Unauthorized",
                    "The API token is not recognised (mistyped, truncated, or from another installation). Ask an"
                            + " admin for a valid token.")
                    .header("WWW-Authenticate", "Bearer realm=\"skingpt\", error=\"invalid_token\""));
        }
        ApiToken t = found.get();
        if (t.revoked()) {
            throw denied(call, t, path, new Problem(401, "token.revoked", "Unauthorized", "The API token '" + t.name()
                    + "' was revoked on " + t.revokedAt() + ". Ask an admin for a new token.")
                    .header("WWW-Authenticate", "Bearer realm=\"skingpt\", error=\"invalid_token\""));
        }
        if (t.expiredAt(now)) {
            throw denied(call, t, path, new Problem(401, "token.expired", "Unauthorized", "The API token '" + t.name()
                    + "' expired on " + t.expiresAt() + ". Ask an admin for a new token.")
                    .header("WWW-Authenticate", "Bearer realm=\"skingpt\", error=\"invalid_token\""));
        }
        if (!t.allows(route.scope())) {
            throw denied(call, t, path, new Problem(403, "token.scope", "Forbidden", route.method() + " "
                    + ApiContextHelper.PATH + route.template() + " needs the scope '" + route.scope().id()
                    + "'; the token '" + t.name() + "' has " + scopeList(t.scopes())
                    + ". Ask an admin for a token with that scope."));
        }
        if (settings.requireClientCertificate() && call.clientCertificate().isEmpty()) {
            throw denied(call, t, path, new Problem(401, "certificate.missing", "Unauthorized",
                    "This server requires a verified client certificate as well as the token; connect through the"
                            + " hospital's TLS proxy with the calling system's certificate."));
        }
        long wait = limiter.acquire(t.id(), System.nanoTime());
        if (wait > 0) {
            throw new Problem(429, "rate-limited", "Too many requests", "The token '" + t.name() + "' may make "
                    + limiter.perMinute() + " requests a minute on this server; try again in " + wait + " s.")
                    .header("Retry-After", Long.toString(wait));
        }
        Call authenticated = new Call(call.request(), call.response(), call.params(), t, call.clientCertificate(),
                call.sourceAddress());
        audit(AuditEntry.of(AuditAction.API_REQUEST, authenticated.actor(), route.method() + " " + path,
                "token " + t.id() + certificateNote(call), call.sourceAddress()), true);
        return authenticated;
    }

    private Problem denied(Call call, ApiToken token, String path, Problem p) {
        audit(AuditEntry.of(AuditAction.API_ACCESS_DENIED, token == null ? "anonymous" : "api:" + token.name(),
                call.request().getMethod() + " " + path, p.type() + (token == null ? "" : ", token " + token.id())
                        + certificateNote(call), call.sourceAddress()), false);
        return p;
    }

    private static String certificateNote(Call call) {
        return call.clientCertificate().isEmpty() ? "" : ", client certificate " + call.clientCertificate();
    }

    /**
     * Appends to the audit trail. A request that cannot be audited is not served ({@code required}); a refusal
     * that cannot be audited is still refused.
     */
    private void audit(AuditEntry entry, boolean required) {
        AuditTrail audit = services.audit();
        try {
            if (audit == null) {
                throw new RecordUnavailableException("the audit trail (bundle org.skingpt.store) is not running");
            }
            audit.append(entry);
        } catch (RecordUnavailableException | RecordWriteException e) {
            if (required) {
                throw Problem.unavailable("audit-unavailable", "The request was not served because it could not be"
                        + " audited: " + e.getMessage());
            }
            LOG.warn("Refused API request not audited ({}): {} {}", e.getMessage(), entry.action(), entry.target());
        }
    }

    private String sourceAddress(HttpServletRequest req) {
        String remote = req.getRemoteAddr();
        String forwarded = req.getHeader("X-Forwarded-For");
        if (forwarded != null && settings.trustedProxies().contains(remote)) {
            String first = forwarded.split(",")[0].strip();
            if (!first.isEmpty() && first.length() <= 100) {
                return first;
            }
        }
        return remote == null ? "" : remote;
    }

    private String clientCertificate(HttpServletRequest req) {
        Object certs = req.getAttribute("jakarta.servlet.request.X509Certificate");
        if (certs instanceof X509Certificate[] chain && chain.length > 0) {
            return chain[0].getSubjectX500Principal().getName();
        }
        if (!settings.clientCertificateHeader().isEmpty() && settings.trustedProxies().contains(req.getRemoteAddr())) {
            String subject = req.getHeader(settings.clientCertificateHeader());
            if (subject != null && !subject.isBlank() && subject.length() <= 500) {
                return subject.strip();
            }
        }
        return "";
    }

    // ---- public routes ----

    private void live(Call call) throws IOException {
        writeJson(call, 200, JsonViews.object().put("status", "live"));
    }

    private void ready(Call call) throws IOException {
        ObjectNode checks = JsonViews.object();
        boolean ready = true;
        ready &= check(checks, "engine", services.runtime() != null ? null : "the inference engine is starting or failed");
        ready &= check(checks, "consultations", services.consultations() != null ? null
                : "the consultation service (org.skingpt.consultation) is not running");
        ModelCatalog catalog = services.models();
        String models = null;
        if (catalog == null) {
            models = "the model catalog (org.skingpt.models) is not running";
        } else {
            for (ModelKind kind : ModelKind.values()) {
                boolean any = catalog.models().stream().anyMatch(m -> m.kind() == kind && m.state() == ModelState.READY);
                if (!any) {
                    models = "no " + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " is ready";
                }
            }
        }
        ready &= check(checks, "models", models);
        ClinicalRecord record = services.record();
        String recordProblem = record == null ? "the clinical record (org.skingpt.store) is not running"
                : record.status().available() ? null : record.status().message();
        ready &= check(checks, "record", recordProblem);
        ObjectNode body = JsonViews.object().put("status", ready ? "ready" : "not-ready");
        body.set("checks", checks);
        if (!ready) {
            call.response().setHeader("Retry-After", Integer.toString(settings.busyRetryAfterSeconds()));
        }
        writeJson(call, ready ? 200 : 503, body);
    }

    private static boolean check(ObjectNode checks, String name, String problem) {
        checks.put(name, problem == null ? "up" : "down: " + problem);
        return problem == null;
    }

    private void openApi(Call call) throws IOException {
        HttpServletResponse resp = call.response();
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(openApi.length);
        resp.getOutputStream().write(openApi);
    }

    // ---- catalog ----

    private void models(Call call) throws IOException {
        ModelCatalog catalog = services.models();
        if (catalog == null) {
            throw Problem.unavailable("models-unavailable", "The model catalog (org.skingpt.models) is not running.");
        }
        List<ObjectNode> items = new ArrayList<>();
        for (ModelInfo m : catalog.models()) {
            items.add(JsonViews.model(m));
        }
        writeJson(call, 200, items(items));
    }

    private void locales(Call call) throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        for (PromptTemplates t : services.locales()) {
            items.add(JsonViews.object().put("locale", t.locale().toLanguageTag()).put("version", t.version()));
        }
        writeJson(call, 200, items(items));
    }

    private void formats(Call call) throws IOException {
        List<ObjectNode> items = new ArrayList<>();
        for (ReportFormatInfo r : services.renderers()) {
            items.add(JsonViews.object().put("formatId", r.formatId()).put("displayName", r.displayName())
                    .put("mediaType", r.mediaType()).put("fileExtension", r.fileExtension()).put("version", r.version()));
        }
        writeJson(call, 200, items(items));
    }

    private static ObjectNode items(List<ObjectNode> items) {
        ObjectNode n = JsonViews.object();
        n.set("items", JsonViews.array(items));
        return n;
    }

    // ---- consultations ----

    private ConsultationService consultations() {
        ConsultationService cs = services.consultations();
        if (cs == null) {
            throw Problem.unavailable("consultations-unavailable", "Consultations are not available: the"
                    + " consultation service (org.skingpt.consultation) is not running. Try again shortly.")
                    .header("Retry-After", Integer.toString(settings.busyRetryAfterSeconds()));
        }
        return cs;
    }

    private void start(Call call) throws IOException, ServletException {
        HttpServletRequest req = call.request();
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new Problem(415, "content-type", "Unsupported media type", "POST /consultations takes"
                    + " multipart/form-data with one or more 'image' parts (JPEG or PNG) and optional fields locale,"
                    + " clinicalContext, patientReference, encounterReference; got " + (type == null ? "no Content-Type"
                    : "'" + type + "'"));
        }
        if (req.getContentLengthLong() > settings.maxUploadBytes()) {
            throw tooLarge("upload", req.getContentLengthLong(), settings.maxUploadBytes());
        }
        List<byte[]> images = new ArrayList<>();
        String locale = null;
        String context = null;
        String patient = null;
        String encounter = null;
        java.util.Collection<Part> parts;
        try {
            parts = req.getParts();
        } catch (IOException | IllegalStateException e) {
            if (causedBySize(e)) {
                throw tooLarge("upload", req.getContentLengthLong(), settings.maxUploadBytes());
            }
            throw Problem.badRequest("multipart", "The multipart body could not be read (" + rootMessage(e)
                    + "); send multipart/form-data with a boundary, as HTTP clients do for file uploads.");
        }
        for (Part p : parts) {
            String name = p.getName();
            if (!START_FIELDS.contains(name)) {
                throw Problem.badRequest("multipart", "Unknown part '" + name + "'; the parts are image (one or"
                        + " more), locale, clinicalContext, patientReference, encounterReference");
            }
            switch (name) {
                case "image" -> images.add(readAll(p.getInputStream(), settings.maxUploadBytes()));
                case "locale" -> locale = text(p, name);
                case "clinicalContext" -> context = text(p, name);
                case "patientReference" -> patient = text(p, name);
                default -> encounter = text(p, name);
            }
        }
        if (images.isEmpty()) {
            throw Problem.badRequest("consultation.no-image", "Send at least one 'image' part (a JPEG or PNG photo"
                    + " of the lesion).");
        }
        Locale l = Locale.ENGLISH;
        if (locale != null && !locale.isBlank()) {
            l = Locale.forLanguageTag(locale.strip());
            if (l.getLanguage().isEmpty()) {
                throw Problem.badRequest("locale", "'" + locale + "' is not a language tag; use for example en or"
                        + " zh-CN (GET " + ApiContextHelper.PATH + "/locales lists the installed ones)");
            }
        }
        String id = consultations().start(new ConsultationRequest(images, l, context, call.actor(), patient, encounter));
        ConsultationRecord r = consultations().get(id);
        call.response().setHeader("Location", ApiContextHelper.PATH + "/consultations/" + id);
        writeJson(call, 201, JsonViews.consultation(r));
    }

    private static String text(Part p, String name) throws IOException {
        byte[] b = readAll(p.getInputStream(), MAX_FIELD_CHARS * 4L);
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.length() > MAX_FIELD_CHARS) {
            throw Problem.badRequest("multipart", "The field " + name + " is longer than " + MAX_FIELD_CHARS
                    + " characters.");
        }
        return s;
    }

    private Problem tooLarge(String what, long size, long max) {
        return new Problem(413, "too-large", "Content too large", "The " + what + " " + (size > 0 ? "of " + size
                + " bytes " : "") + "is larger than this server accepts (" + max + " bytes, configuration "
                + RestConfig.PID + "); send smaller or fewer images.");
    }

    private static boolean causedBySize(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String n = t.getClass().getSimpleName();
            if (n.contains("SizeLimitExceeded") || n.contains("SizeException") || n.contains("FileCountLimit")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static byte[] readAll(InputStream in, long max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new Problem(413, "too-large", "Content too large", "The request body is larger than this"
                            + " server accepts (" + max + " bytes).");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private void history(Call call) throws IOException {
        HttpServletRequest req = call.request();
        int offset = intParam(req, "offset", 0);
        int limit = intParam(req, "limit", DEFAULT_PAGE);
        HistoryQuery q;
        try {
            q = new HistoryQuery(req.getParameter("clinician"), instant(req, "from", false), instant(req, "to", true),
                    req.getParameter("diagnosis"), req.getParameter("patient"), req.getParameter("encounter"),
                    req.getParameter("model"), offset, limit);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("query", e.getMessage());
        }
        writeJson(call, 200, JsonViews.history(consultations().history(q)));
    }

    private static int intParam(HttpServletRequest req, String name, int fallback) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw Problem.badRequest("query", name + " must be a whole number, got '" + v + "'");
        }
    }

    private static Instant instant(HttpServletRequest req, String name, boolean endOfDay) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minusNanos(endOfDay ? 1000 : 0);
            }
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("query", name + " must be a date (2026-12-04) or an instant"
                    + " (2026-12-04T09:30:00Z), got '" + v + "'");
        }
    }

    private ConsultationRecord known(Call call) {
        try {
            return consultations().get(call.param("id"));
        } catch (InvalidInputException e) {
            throw Problem.notFound("consultation.unknown", "No consultation '" + call.param("id") + "' is open or"
                    + " stored here (erased, never existed, or a typing error).");
        }
    }

    /**
     * Runs work on a consultation known to exist: when the service then calls it unknown, it is stored but not
     * open (closed, or ended after a restart), which the caller fixes by reopening it.
     */
    private static <T> T whileOpen(String id, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (InvalidInputException e) {
            if (e.code().equals("consultation.unknown") || e.code().equals("consultation.closed")) {
                throw Problem.conflict("consultation.closed", "Consultation " + id + " is closed (it is kept in the"
                        + " clinical record): POST " + ApiContextHelper.PATH + "/consultations/" + id + "/reopen to"
                        + " continue it with the model versions that answered it.");
            }
            throw e;
        }
    }

    private void get(Call call) throws IOException {
        writeJson(call, 200, JsonViews.consultation(known(call)));
    }

    private void standardQuestions(Call call) throws IOException {
        known(call);
        String id = call.param("id");
        generate(call, listener -> JsonViews.consultation(consultations().runStandardQuestions(id, listener)));
    }

    private void followUp(Call call) throws IOException {
        known(call);
        String id = call.param("id");
        JsonNode body = jsonBody(call);
        JsonNode q = body.get("question");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
            throw Problem.badRequest("consultation.question", "The body must be {\"question\": \"...\"} with a"
                    + " non-empty question.");
        }
        generate(call, listener -> {
            Answer a = consultations().ask(id, q.asText(), listener);
            return JsonViews.answer(a, consultations().get(id).answers().size() - 1);
        });
    }

    /**
     * Runs generation on a worker and answers with the JSON it returns: with {@code Accept: text/event-stream}
     * as events ({@code question}, {@code token}, then {@code done} with that JSON, or {@code error}), otherwise
     * whole when complete.
     */
    private void generate(Call call, java.util.function.Function<StandardQuestionsListener, JsonNode> run)
            throws IOException {
        String id = call.param("id");
        if (!call.wantsEvents()) {
            StandardQuestionsListener silent = new StandardQuestionsListener() {
                @Override
                public void onQuestion(int index, String question) {
                }

                @Override
                public void onText(String piece) {
                }
            };
            writeJson(call, 200, onWorker(() -> whileOpen(id, () -> run.apply(silent))));
            return;
        }
        SseStream sse = new SseStream(call.response());
        StandardQuestionsListener listener = new StandardQuestionsListener() {
            @Override
            public void onQuestion(int index, String question) {
                sse.send("question", json(JsonViews.object().put("index", index).put("question", question)));
            }

            @Override
            public void onText(String piece) {
                sse.sendText("token", json(JsonViews.object().put("text", piece)));
            }

            @Override
            public boolean isCancelled() {
                return sse.closed();
            }
        };
        try {
            JsonNode done = onWorker(() -> whileOpen(id, () -> run.apply(listener)));
            sse.send("done", json(done));
        } catch (RuntimeException e) {
            if (!sse.started()) {
                throw e;
            }
            sse.send("error", json(problemBody(call, problemOf(e))));
        }
    }

    private void reopen(Call call) throws IOException {
        known(call);
        writeJson(call, 200, JsonViews.consultation(consultations().reopen(call.param("id"), call.actor())));
    }

    private void close(Call call) {
        known(call);
        consultations().close(call.param("id"));
        call.response().setStatus(204);
    }

    private void report(Call call) throws IOException {
        known(call);
        String format = call.request().getParameter("format");
        if (format == null || format.isBlank()) {
            List<String> ids = services.renderers().stream().map(ReportFormatInfo::formatId).sorted().toList();
            throw Problem.badRequest("report.format", "Say which format: ?format=<id>, one of " + ids + " (GET "
                    + ApiContextHelper.PATH + "/report-formats).");
        }
        Report r = consultations().report(call.param("id"), format.strip());
        HttpServletResponse resp = call.response();
        resp.setStatus(200);
        resp.setContentType(r.mediaType());
        resp.setHeader("Content-Disposition", "attachment; filename=\"skingpt-" + call.param("id")
                + (r.fileExtension().isEmpty() ? "" : "." + r.fileExtension()) + "\"");
        resp.setHeader("X-SkinGPT-Report-Format", r.formatId() + "@" + r.rendererVersion());
        resp.setContentLength(r.content().length);
        resp.getOutputStream().write(r.content());
    }

    // ---- tokens ----

    private ApiTokens tokens() {
        ApiTokens t = services.tokens();
        if (t == null) {
            throw Problem.unavailable("tokens-unavailable", "API tokens are not available: the clinical record"
                    + " (org.skingpt.store) is not running.");
        }
        return t;
    }

    private void listNodes(Call call) throws IOException {
        NodeRegistry registry = services.nodes();
        if (registry == null) {
            throw Problem.unavailable("record-unavailable", "The node registry is not available: the clinical record"
                    + " (org.skingpt.store) is not running.");
        }
        List<ObjectNode> items = new ArrayList<>();
        for (NodeStatus n : registry.nodes()) {
            items.add(JsonViews.node(n));
        }
        writeJson(call, 200, items(items));
    }

    private void listTokens(Call call) throws IOException {
        Instant now = Instant.now();
        List<ObjectNode> items = new ArrayList<>();
        for (ApiToken t : tokens().list()) {
            items.add(JsonViews.token(t, now));
        }
        writeJson(call, 200, items(items));
    }

    private void createToken(Call call) throws IOException {
        JsonNode body = jsonBody(call);
        JsonNode name = body.get("name");
        JsonNode scopes = body.get("scopes");
        if (name == null || !name.isTextual()) {
            throw Problem.badRequest("token.name", "The body needs \"name\": the calling system, e.g. \"ehr-prod\".");
        }
        if (scopes == null || !scopes.isArray() || scopes.isEmpty()) {
            throw Problem.badRequest("token.scopes", "The body needs \"scopes\": a list of consult, read, admin.");
        }
        Set<ApiScope> granted = EnumSet.noneOf(ApiScope.class);
        for (JsonNode s : scopes) {
            try {
                granted.add(ApiScope.of(s.asText()));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("token.scopes", e.getMessage());
            }
        }
        Instant expires;
        JsonNode at = body.get("expiresAt");
        JsonNode days = body.get("expiresInDays");
        try {
            if (at != null && at.isTextual()) {
                expires = Instant.parse(at.asText());
            } else if (days == null || (days.canConvertToInt() && days.asInt() >= 1 && days.asInt() <= 3650)) {
                expires = Instant.now().plus(Duration.ofDays(days == null ? 90 : days.asInt()));
            } else {
                throw Problem.badRequest("token.expiry", "\"expiresInDays\" must be a whole number from 1 to 3650.");
            }
        } catch (DateTimeParseException e) {
            throw Problem.badRequest("token.expiry", "\"expiresAt\" must be an instant such as 2027-06-30T00:00:00Z.");
        }
        IssuedToken issued;
        try {
            issued = tokens().create(name.asText(), granted, expires, call.actor());
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("token", e.getMessage());
        }
        ObjectNode out = JsonViews.object();
        out.set("token", JsonViews.token(issued.token(), Instant.now()));
        out.put("secret", issued.secret());
        call.response().setHeader("Location", ApiContextHelper.PATH + "/tokens/" + issued.token().id());
        writeJson(call, 201, out);
    }

    private void revokeToken(Call call) throws IOException {
        try {
            writeJson(call, 200, JsonViews.token(tokens().revoke(call.param("id"), call.actor()), Instant.now()));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("token.unknown", e.getMessage());
        }
    }

    // ---- JSON in and out, errors ----

    private JsonNode jsonBody(Call call) throws IOException {
        HttpServletRequest req = call.request();
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
            throw new Problem(415, "content-type", "Unsupported media type", "This endpoint takes application/json;"
                    + " got " + (type == null ? "no Content-Type" : "'" + type + "'"));
        }
        if (req.getContentLengthLong() > settings.maxJsonBytes()) {
            throw tooLarge("JSON body", req.getContentLengthLong(), settings.maxJsonBytes());
        }
        byte[] bytes = readAll(req.getInputStream(), settings.maxJsonBytes());
        try {
            JsonNode n = JsonViews.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw Problem.badRequest("json", "The body must be a JSON object.");
            }
            return n;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw Problem.badRequest("json", "The body is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static String json(JsonNode n) {
        try {
            return JsonViews.MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJson(Call call, int status, JsonNode body) throws IOException {
        HttpServletResponse resp = call.response();
        byte[] bytes = JsonViews.MAPPER.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private Problem problemOf(Exception e) {
        if (e instanceof Problem p) {
            return p;
        }
        if (e instanceof BusyException) {
            return new Problem(429, "busy", "Too many requests", e.getMessage() + " (SkinGPT is at capacity; try again"
                    + " in " + settings.busyRetryAfterSeconds() + " s)")
                    .header("Retry-After", Integer.toString(settings.busyRetryAfterSeconds()));
        }
        if (e instanceof InvalidInputException i) {
            String code = i.code();
            if (code.equals("consultation.unknown")) {
                return Problem.notFound(code, e.getMessage());
            }
            if (code.equals("consultation.model-not-installed")) {
                // Another server may have the model version: a balancer or client can try there.
                return Problem.conflict(code, e.getMessage());
            }
            if (code.equals("consultation.closed") || code.equals("report.not-ready")) {
                return Problem.conflict(code, e.getMessage() + (code.equals("consultation.closed")
                        ? " (POST .../reopen continues a stored consultation)" : ""));
            }
            if (code.startsWith("image.")) {
                return new Problem(422, code, "Image refused", e.getMessage());
            }
            return Problem.badRequest(code, e.getMessage());
        }
        if (e instanceof NoModelAvailableException) {
            return Problem.unavailable("no-model", e.getMessage()).header("Retry-After",
                    Integer.toString(settings.busyRetryAfterSeconds()));
        }
        if (e instanceof RecordUnavailableException || e instanceof RecordWriteException) {
            return Problem.unavailable("record-unavailable", e.getMessage() + " (nothing was done; try again when"
                    + " skingpt:status shows the record available)");
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("API request failed (incident {}): {}", incident, e.toString(), e);
        return new Problem(500, "internal", "Internal error", "SkinGPT failed to serve this request; the server log"
                + " holds the details under incident " + incident + ".");
    }

    private ObjectNode problemBody(Call call, Problem p) {
        ObjectNode n = JsonViews.object();
        n.put("type", p.typeUri());
        n.put("title", p.title());
        n.put("status", p.status());
        n.put("detail", p.detail());
        n.put("instance", call.request().getRequestURI());
        return n;
    }

    private void fail(Call call, Exception e) throws IOException {
        Problem p = problemOf(e);
        HttpServletResponse resp = call.response();
        if (resp.isCommitted()) {
            LOG.warn("API response already committed; {} not sent: {}", p.status(), p.detail());
            return;
        }
        resp.reset();
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Cache-Control", "no-store");
        p.headers().forEach(resp::setHeader);
        byte[] bytes = JsonViews.MAPPER.writeValueAsBytes(problemBody(call, p));
        resp.setStatus(p.status());
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        if (p.status() == 413) {
            discardUnreadBody(call.request());
        }
        resp.getOutputStream().write(bytes);
    }

    /** A body refused as too large is read and dropped up to this many bytes before the answer is sent. */
    private static final long DISCARD_LIMIT = 64L << 20;

    /**
     * Reads and drops what is left of a refused request body (up to {@link #DISCARD_LIMIT}), so that a client that
     * sends its whole body before reading the answer (most do, without {@code Expect: 100-continue}) gets the 413 and
     * its message instead of a connection reset mid-upload. A larger body is cut off: the connection closes.
     */
    private static void discardUnreadBody(HttpServletRequest req) {
        if (req.getContentLengthLong() > DISCARD_LIMIT) {
            return;
        }
        try {
            java.io.InputStream in = req.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; total < DISCARD_LIMIT && (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException | IllegalStateException e) {
            // The body was already consumed (multipart parsing) or the client went away: nothing to drop.
        }
    }

    private static String scopeList(Set<ApiScope> scopes) {
        return scopes.isEmpty() ? "no scope" : String.join(", ", scopes.stream().sorted().map(ApiScope::id).toList());
    }
}
