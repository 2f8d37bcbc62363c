package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Dates and times as the console shows them: ISO dates, the server's time zone, named on the page. */
final class Dates {

    /** The zone dates are typed and shown in. */
    static final ZoneId ZONE = ZoneId.systemDefault();
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZONE);

    private Dates() {
    }

    /** The zone's name, for column headers ("Started (Europe/Zurich)"). */
    static String zoneName() {
        return ZONE.getId();
    }

    static String shown(Instant instant) {
        return instant == null ? "\u2014" : SHOWN.format(instant);
    }

    /** A date picker in the page's language, with ISO dates (unambiguous in every language). */
    static DatePicker picker(String id, String label) {
        Locale locale = Tr.locale();
        DatePicker picker = new DatePicker(label);
        picker.setId(id);
        picker.setLocale(locale);
        picker.setClearButtonVisible(true);
        picker.setPlaceholder("yyyy-mm-dd");
        DatePicker.DatePickerI18n i18n = new DatePicker.DatePickerI18n();
        i18n.setMonthNames(Arrays.stream(Month.values()).map(m -> m.getDisplayName(TextStyle.FULL, locale)).toList());
        List<DayOfWeek> sundayFirst = List.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        i18n.setWeekdays(sundayFirst.stream().map(d -> d.getDisplayName(TextStyle.FULL, locale)).toList());
        i18n.setWeekdaysShort(sundayFirst.stream().map(d -> d.getDisplayName(TextStyle.SHORT, locale)).toList());
        i18n.setFirstDayOfWeek(1);
        i18n.setDateFormat("yyyy-MM-dd");
        i18n.setToday(Tr.t("ui.date.today"));
        i18n.setCancel(Tr.t("ui.date.cancel"));
        i18n.setBadInputErrorMessage(Tr.t("ui.date.badInput"));
        picker.setI18n(i18n);
        return picker;
    }
}
