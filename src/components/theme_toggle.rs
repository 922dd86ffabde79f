//! ThemeToggle: the light and dark themes, and the one this browser remembers.

use leptos::prelude::*;

/// Where the chosen theme is kept between visits ("light" or "dark"; absent: the system's).
const THEME_KEY: &str = "pinsheet.theme";

/// True while the page is dark: the person's choice from the toggle, else the system's
/// `prefers-color-scheme`. (index.html sets the stored choice as `data-theme` before the first
/// paint; the stylesheet reads it.)
pub fn theme_signal() -> RwSignal<bool> {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    let system = window
        .as_ref()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    RwSignal::new(match stored.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => system,
    })
}

/// Sets the theme the stylesheet shows (`data-theme` on the root element).
fn show(theme: &str) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// A button that switches between the light and dark themes and remembers the choice.
#[component]
pub fn ThemeToggle(dark: RwSignal<bool>) -> impl IntoView {
    let flip = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        let theme = if next { "dark" } else { "light" };
        show(theme);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(THEME_KEY, theme);
        }
    };
    // The icon shows the theme a press gives: a moon in the light theme, a sun in the dark.
    view! {
        <button
            class="ps-icon-button"
            data-testid="theme-toggle"
            aria-pressed=move || dark.get().to_string()
            aria-label="Dark theme"
            title=move || if dark.get() { "Switch to the light theme" } else { "Switch to the dark theme" }
            on:click=flip
        >
            <svg class="ps-icon ps-icon--moon" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z" fill="currentColor" />
            </svg>
            <svg class="ps-icon ps-icon--sun" viewBox="0 0 24 24" aria-hidden="true">
                <circle cx="12" cy="12" r="4.5" fill="currentColor" />
                <path
                    d="M12 1.5v3M12 19.5v3M1.5 12h3M19.5 12h3M4.6 4.6l2.1 2.1M17.3 17.3l2.1 2.1M4.6 19.4l2.1-2.1M17.3 6.7l2.1-2.1"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linecap="round"
                />
            </svg>
        </button>
    }
}
