package org.skingpt.models.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.skingpt.api.model.ModelDescriptor;
import org.skingpt.api.model.ModelKind;
import org.skingpt.api.model.ModelLoadException;
import org.skingpt.api.model.WeightFile;

/**
 * Reads a model bundle's {@code model.json} (format in docs/models.md). Every problem is reported
 * with the field it concerns, so an admin can fix the bundle.
 */
final class DescriptorReader {

    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private DescriptorReader() {
    }

    static ModelDescriptor read(byte[] json, String where) {
        if (json.length > MAX_BYTES) {
            throw new ModelLoadException(where + " is " + json.length + " bytes; a model descriptor is at most " + MAX_BYTES + ".");
        }
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new ModelLoadException(where + " must hold a JSON object.");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelLoadException(where + " is not valid JSON: " + e.getMessage(), e);
        }
        String name = text(o, "name", where);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new ModelLoadException(where + ": name '" + name + "' may hold letters, digits, '.', '_' and '-' only.");
        }
        String version = text(o, "version", where);
        if (!version.matches("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}")) {
            throw new ModelLoadException(where + ": version '" + version + "' is not a version (e.g. 1.2.0).");
        }
        String kindText = text(o, "kind", where);
        ModelKind kind;
        try {
            kind = ModelKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(where + ": kind '" + kindText + "' is not IMAGE_ENCODER or LANGUAGE_MODEL.");
        }
        String architecture = text(o, "architecture", where);
        Map<String, Object> hyper = Map.of();
        if (o.has("hyperParameters")) {
            if (!o.get("hyperParameters").isJsonObject()) {
                throw new ModelLoadException(where + ": hyperParameters must be a JSON object.");
            }
            hyper = new com.google.gson.Gson().fromJson(o.get("hyperParameters"), new TypeToken<Map<String, Object>>() { }.getType());
        }
        String tokenizer = o.has("tokenizer") && !o.get("tokenizer").isJsonNull() ? text(o, "tokenizer", where) : null;
        if (kind == ModelKind.LANGUAGE_MODEL && tokenizer == null) {
            throw new ModelLoadException(where + ": a LANGUAGE_MODEL needs a 'tokenizer' (path of its tokenizer.json).");
        }
        if (tokenizer != null) {
            relativePath(tokenizer, where, "tokenizer");
        }
        if (!o.has("weights") || !o.get("weights").isJsonArray() || o.getAsJsonArray("weights").isEmpty()) {
            throw new ModelLoadException(where + ": 'weights' must list at least one weight file.");
        }
        List<WeightFile> weights = new ArrayList<>();
        JsonArray array = o.getAsJsonArray("weights");
        for (int i = 0; i < array.size(); i++) {
            String at = where + ": weights[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new ModelLoadException(at + " must be an object with path and sha256.");
            }
            JsonObject w = array.get(i).getAsJsonObject();
            String path = text(w, "path", at);
            if (!path.startsWith("/")) {
                relativePath(path, at, "path");
            }
            String sha = text(w, "sha256", at).toLowerCase(Locale.ROOT);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new ModelLoadException(at + ": sha256 must be 64 hex digits.");
            }
            long bytes = w.has("bytes") ? w.get("bytes").getAsLong() : -1;
            weights.add(new WeightFile(path, sha, bytes));
        }
        String intendedUse = o.has("intendedUse") && !o.get("intendedUse").isJsonNull() ? o.get("intendedUse").getAsString() : "";
        boolean synthetic = o.has("synthetic") && o.get("synthetic").getAsBoolean();
        String pairedWith = o.has("pairedWith") && !o.get("pairedWith").isJsonNull() ? text(o, "pairedWith", where) : null;
        if (pairedWith != null && kind != ModelKind.IMAGE_ENCODER) {
            throw new ModelLoadException(where + ": 'pairedWith' names the language model of an IMAGE_ENCODER; remove it"
                    + " from this " + kind + ".");
        }
        return new ModelDescriptor(name, version, kind, architecture, hyper, tokenizer, weights, intendedUse, synthetic,
                pairedWith);
    }

    private static String text(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new ModelLoadException(where + ": '" + field + "' is missing.");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new ModelLoadException(where + ": '" + field + "' must be a non-empty string.");
        }
        return e.getAsString().trim();
    }

    /** Paths inside a bundle must stay inside it. */
    private static void relativePath(String path, String where, String field) {
        for (String part : path.split("/", -1)) {
            if (part.equals("..") || part.isEmpty()) {
                throw new ModelLoadException(where + ": " + field + " '" + path + "' must stay inside the model bundle.");
            }
        }
        if (path.contains("\\") || path.contains(":")) {
            throw new ModelLoadException(where + ": " + field + " '" + path + "' must be a plain relative path with '/'.");
        }
    }
}
