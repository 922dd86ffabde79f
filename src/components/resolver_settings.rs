//! ResolverSettings: the optional resolver's address, its test, and forgetting answers.

use crate::resolving::{check, forget, save_address};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The optional short-link resolver: its address (remembered in this browser), a Test button,
/// and what is sent to it.
#[component]
pub fn ResolverSettings(address: RwSignal<String>) -> impl IntoView {
    let status = RwSignal::new(String::new());
    // The page's Content-Security-Policy (public/csp.js) admits the resolver saved when the
    // page loaded, and only that one: another takes a reload.
    let admitted = origin(&address.get_untracked());
    let needs_reload = move || address.with(|a| origin(a) != admitted && !a.trim().is_empty());
    let reload = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    let test = move |_| {
        let base = address.get_untracked();
        if base.trim().is_empty() {
            status.set("Set the resolver's address first.".into());
            return;
        }
        status.set("Testing…".into());
        spawn_local(async move {
            status.set(match check(&base).await {
                Ok(()) => "The resolver answers.".into(),
                Err(error) => format!("Not reachable: {error}."),
            });
        });
    };
    let forget_kept = move |_| {
        spawn_local(async move {
            status.set(match forget().await {
                Ok(1) => "Forgot 1 resolved link.".into(),
                Ok(n) => format!("Forgot {n} resolved links."),
                Err(error) => format!("Could not forget: {error}."),
            });
        });
    };
    view! {
        <details class="ps-settings">
            <summary>"Short links"</summary>
            <p class="ps-note ps-note--block">
                "Short links (maps.app.goo.gl/…, maps.apple/p/…, yandex.ru/maps/-/…, mapy.cz/s/…, "
                "go.2gis.com/…) hide their point behind a redirect that a browser cannot read, and "
                "Google links that name a place only by its id need the place's page. With a resolver "
                "set, pinsheet sends it those links — only those links, nothing else from the file — "
                "and merges the points it finds. This browser remembers the answers, so a reload asks "
                "again only for links it has not seen. Without a resolver, those rows say they need one."
            </p>
            <div class="ps-actions">
                <label class="ps-field">
                    "Resolver "
                    <input
                        class="ps-input ps-input--wide"
                        type="url"
                        placeholder="https://resolver.example"
                        data-testid="resolver-url"
                        prop:value=move || address.get()
                        on:change=move |event| {
                            let value = event_target_value(&event);
                            save_address(&value);
                            address.set(value.trim().to_string());
                        }
                    />
                </label>
                <button class="ps-button" data-testid="resolver-test" on:click=test>
                    "Test"
                </button>
                <button class="ps-button" data-testid="resolver-forget" on:click=forget_kept>
                    "Forget resolved links"
                </button>
                <span class="ps-note" role="status" data-testid="resolver-status">{move || status.get()}</span>
            </div>
            <Show when=needs_reload>
                <p class="ps-note ps-note--warning" data-testid="resolver-reload">
                    "Saved. The page's security policy lets it reach only the resolver it was loaded with: "
                    <button class="ps-button ps-button--small" on:click=reload>"Reload the page"</button>
                    " to use this one (a file you opened must be chosen again)."
                </p>
            </Show>
        </details>
    }
}

/// The origin (`https://host:port`) of an address, or "" when it is not a URL.
fn origin(address: &str) -> String {
    web_sys::Url::new(address.trim()).map(|url| url.origin()).unwrap_or_default()
}
