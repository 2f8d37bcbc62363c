package org.skingpt.consultation.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.osgi.framework.ServiceReference;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.templates.PromptTemplates;

/**
 * Locale selection: the locale bundles registered now ({@link PromptTemplates} services, tracked by reference)
 * and the one a consultation in a given language uses: the exact language tag, else the same language, else
 * English, else any; among equals the highest ranked (the newest version of a locale bundle).
 */
final class LocaleBundles {

    private final Services services;
    private final List<ServiceReference<PromptTemplates>> refs = new CopyOnWriteArrayList<>();

    LocaleBundles(Services services) {
        this.services = services;
    }

    void add(ServiceReference<PromptTemplates> ref) {
        refs.add(ref);
    }

    void remove(ServiceReference<PromptTemplates> ref) {
        refs.remove(ref); // running consultations keep the templates object they hold
    }

    /**
     * The templates for a language ({@code null}: English).
     *
     * @throws NoModelAvailableException when no locale bundle is installed
     */
    PromptTemplates templatesFor(Locale wanted) {
        ServiceReference<PromptTemplates> best = best(new ArrayList<>(refs),
                r -> r.getProperty(PromptTemplates.LOCALE), wanted);
        PromptTemplates t = best == null ? null : services.get(best);
        if (t == null) {
            throw new NoModelAvailableException("No locale bundle is installed; install org.skingpt.locale.en.");
        }
        services.unget(best); // templates hold only immutable data; a consultation may keep using them
        return t;
    }

    /**
     * The best candidate for a language: exact tag (ignoring case) 3, same language 2, English 1, any other 0;
     * the first of the highest score in descending natural order (for service references: highest ranking,
     * then oldest registration).
     *
     * @param tag the BCP 47 tag of a candidate (its {@value PromptTemplates#LOCALE} property)
     * @return the best candidate, or null when there is none
     */
    static <R extends Comparable<? super R>> R best(List<R> candidates, Function<R, Object> tag, Locale wanted) {
        Locale locale = wanted == null ? Locale.ENGLISH : wanted;
        List<R> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.reverseOrder());
        R best = null;
        int bestScore = -1;
        for (R r : sorted) {
            Locale l = Locale.forLanguageTag(String.valueOf(tag.apply(r)));
            int score = l.toLanguageTag().equalsIgnoreCase(locale.toLanguageTag()) ? 3
                    : l.getLanguage().equals(locale.getLanguage()) ? 2 : l.getLanguage().equals("en") ? 1 : 0;
            if (score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        return best;
    }
}
