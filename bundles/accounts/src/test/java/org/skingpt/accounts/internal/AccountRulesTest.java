package org.skingpt.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountRulesTest {

    private final AccountRules rules = new AccountRules(10);

    @Test
    void namesTheUsersFileCanHold() {
        assertDoesNotThrow(() -> rules.checkName("dr.jones-2@ward_3"));
        for (String bad : new String[] {"", " alice", "a b", "a,b", "a=b", "_g_:admingroup", "-x", "a".repeat(65), null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rules.checkName(bad), bad);
            assertTrue(e.getMessage().contains("1 to 64"), e.getMessage());
        }
    }

    @Test
    void passwordPolicy() {
        assertDoesNotThrow(() -> rules.checkPassword("alice", "Correct-Horse-9".toCharArray()));
        assertEquals("The password is too short: at least 10 characters.",
                assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", "Sh0rt!".toCharArray())).getMessage());
        assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", "onlylettersxx".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", "1234567890123".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("alice", "my-Alice-pass-1".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", null));
        // 73 bytes: bcrypt would ignore the end.
        String tooLong = "x1" + "é".repeat(36);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", tooLong.toCharArray()))
                .getMessage().contains("72 bytes"));
        assertThrows(IllegalArgumentException.class, () -> rules.checkPassword("a", "abc\ndef-12345".toCharArray()));
    }

    @Test
    void anAdminCannotDemoteOrDeleteThemselves() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules.checkGroupChange("root", "root", true, Set.of("clinician")));
        assertEquals("You cannot remove your own admin role; another admin can.", e.getMessage());
        assertDoesNotThrow(() -> rules.checkGroupChange("root", "root", true, Set.of("admin", "clinician")));
        assertDoesNotThrow(() -> rules.checkGroupChange("root", "bob", true, Set.of("clinician")));
        assertThrows(IllegalArgumentException.class, () -> rules.checkDelete("root", "root"));
        assertDoesNotThrow(() -> rules.checkDelete("root", "bob"));
    }
}
