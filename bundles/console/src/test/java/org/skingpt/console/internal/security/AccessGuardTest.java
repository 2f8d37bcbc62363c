package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.InternalServerError;
import com.vaadin.flow.router.RouteNotFoundError;
import org.junit.jupiter.api.Test;
import org.skingpt.console.internal.ui.AboutView;
import org.skingpt.console.internal.ui.LoginView;
import org.skingpt.console.internal.ui.NotFoundView;
import org.skingpt.console.internal.ui.StatusView;

class AccessGuardTest {

    @Test
    void loginAndErrorPagesArePublic() {
        assertTrue(AccessGuard.isPublic(LoginView.class));
        assertTrue(AccessGuard.isPublic(NotFoundView.class));
        assertTrue(AccessGuard.isPublic(RouteNotFoundError.class));
        assertTrue(AccessGuard.isPublic(InternalServerError.class));
        assertTrue(AccessGuard.isPublic(UI.ClientViewPlaceholder.class));
    }

    @Test
    void everythingElseNeedsSignIn() {
        assertFalse(AccessGuard.isPublic(StatusView.class));
        assertFalse(AccessGuard.isPublic(AboutView.class));
        assertFalse(AccessGuard.isPublic(null));
    }
}
