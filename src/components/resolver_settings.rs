//! ResolverSettings: the optional resolver's address, its test, and forgetting answers.

use crate::resolving::{check, forget, save_address};
use crate::state::Page;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Set in this tab before "Save & reload", so the reloaded page tests the new resolver.
const AFTER_RELOAD: &str = "pinsheet.resolver-reloaded";

/// The optional short-link resolver: what it is, its address (https://, remembered in this
/// browser), Save & reload (the open file comes back after the reload), Test, and what is
/// sent to it.
#[component]
pub fn ResolverSettings(
    /// The resolver's address in use ("" for none).
    address: RwSignal<String>,
    /// True while the panel is open; others open it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let page = Page::get();
    let status = RwSignal::new(String::new());
    // What is typed, before it is saved.
    let typed = RwSignal::new(address.get_untracked());
    // The page's Content-Security-Policy (public/csp.js) admits the resolver saved when the
    // page loaded, and only that one: another takes a reload.
    let admitted = StoredValue::new(origin(&address.get_untracked()));
    let problem = move || typed.with(|t| address_problem(t));
    let needs_reload = move || {
        typed.with(|t| !t.trim().is_empty() && admitted.with_value(|a| origin(t) != *a))
            && problem().is_none()
    };
    let test = move || {
        let base = address.get_untracked();
        if base.trim().is_empty() {
            status.set("Type the resolver's address first.".into());
            return;
        }
        status.set("Testing…".into());
        spawn_local(async move {
            status.set(match check(&base).await {
                Ok(()) => "The resolver answers: short links will be followed.".into(),
                Err(error) => format!("Not reachable: {error}. Is it running, and is the address right?"),
            });
        });
    };
    let save = move || {
        let value = typed.get_untracked().trim().to_string();
        if problem().is_some() {
            return;
        }
        save_address(&value);
        address.set(value);
    };
    let save_and_reload = move |_| {
        save();
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(AFTER_RELOAD, "1");
        }
        page.keep_file_and_reload();
    };
    let on_test = move |_| {
        if needs_reload() {
            status.set(
                "Save & reload first: until then the page may only reach the resolver it was loaded with."
                    .into(),
            );
        } else {
            save();
            test();
        }
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
    // Back from "Save & reload": open, and test the resolver now admitted.
    if session_storage().and_then(|s| s.get_item(AFTER_RELOAD).ok().flatten()).is_some() {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(AFTER_RELOAD);
        }
        open.set(true);
        test();
    }
    view! {
        <details
            class="ps-settings"
            id="short-links"
            data-testid="short-links"
            prop:open=move || open.get()
            on:toggle=move |event| {
                let now = event_target::<web_sys::HtmlDetailsElement>(&event).open();
                if now != open.get_untracked() {
                    open.set(now);
                }
            }
        >
            <summary>"Short links"</summary>
            <p class="ps-note ps-note--block">
                "Short links (maps.app.goo.gl/…, maps.apple/p/…, yandex.ru/maps/-/…, mapy.cz/s/…, "
                "go.2gis.com/…) hide their point behind a redirect, and a web page is not allowed to "
                "read another site's redirects. A "
                <strong>"resolver"</strong>
                " is a small server that follows them for you: run "
                <code>"make serve-resolver"</code>
                " from pinsheet's source on your own computer (it answers at http://127.0.0.1:8787), "
                "or ask whoever runs one for your team for its address."
            </p>
            <p class="ps-note ps-note--block">
                "With a resolver set, pinsheet sends it those links — only those links, nothing else "
                "from the file — and merges the points it finds. This browser remembers the answers, "
                "so the same links are not sent again. Without one, open a row's short link and "
                "paste where it lands."
            </p>
            <div class="ps-actions ps-settings__form">
                <label class="ps-field ps-field--wide">
                    "Resolver address "
                    <input
                        class="ps-input ps-input--wide"
                        class:ps-input--invalid=move || problem().is_some()
                        type="url"
                        inputmode="url"
                        placeholder="https://resolver.example"
                        data-testid="resolver-url"
                        aria-invalid=move || problem().is_some().to_string()
                        aria-describedby="resolver-problem"
                        prop:value=move || typed.get()
                        on:input=move |event| typed.set(event_target_value(&event))
                        on:change=move |_| {
                            if !needs_reload() {
                                save();
                            }
                        }
                    />
                </label>
                <Show
                    when=needs_reload
                    fallback=move || view! {
                        <button class="ps-button" data-testid="resolver-test" on:click=on_test>"Test"</button>
                    }
                >
                    <button class="ps-button ps-button--primary" data-testid="resolver-reload" on:click=save_and_reload>
                        "Save & reload"
                    </button>
                </Show>
                <button class="ps-button" data-testid="resolver-forget" on:click=forget_kept>
                    "Forget resolved links"
                </button>
            </div>
            <p class="ps-note ps-note--warning" id="resolver-problem" data-testid="resolver-problem" hidden=move || problem().is_none()>
                {problem}
            </p>
            <Show when=needs_reload>
                <p class="ps-note" data-testid="resolver-reload-why">
                    "The page's security policy lets it reach only the resolver it was loaded with, so a "
                    "new address takes a reload. A file you chose comes back by itself; pasted lines must be pasted again."
                </p>
            </Show>
            <p class="ps-note" role="status" aria-live="polite" data-testid="resolver-status">{move || status.get()}</p>
        </details>
    }
}

/// What is wrong with a typed address, in words; `None` for a usable one (or none at all).
fn address_problem(typed: &str) -> Option<&'static str> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let Ok(url) = web_sys::Url::new(typed) else {
        return Some(
            "Type the whole address, starting with https:// (for example https://resolver.example).",
        );
    };
    address_rule(&url.protocol(), &url.hostname(), &url.search(), &url.hash())
}

/// The rule for a resolver address, by its parts: https, or http on this computer only (a
/// page served over https may not fetch plain http elsewhere); the address of the server
/// itself, without a query or a fragment.
fn address_rule(protocol: &str, host: &str, search: &str, hash: &str) -> Option<&'static str> {
    let this_computer = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    match protocol {
        "https:" => {}
        "http:" if this_computer => {}
        "http:" => {
            return Some(
                "Use https:// — plain http:// is allowed only for a resolver on this computer (127.0.0.1).",
            )
        }
        _ => return Some("A resolver's address starts with https://."),
    }
    if host.is_empty() {
        return Some("The address has no server name.");
    }
    if !search.is_empty() || !hash.is_empty() {
        return Some("Give the resolver's own address, without ? or # parts.");
    }
    None
}

/// The origin (`https://host:port`) of an address, or "" when it is not a URL.
fn origin(address: &str) -> String {
    web_sys::Url::new(address.trim()).map(|url| url.origin()).unwrap_or_default()
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::address_rule;

    #[test]
    fn https_anywhere_and_http_only_on_this_computer() {
        assert_eq!(address_rule("https:", "resolver.example", "", ""), None);
        assert_eq!(address_rule("http:", "127.0.0.1", "", ""), None);
        assert_eq!(address_rule("http:", "localhost", "", ""), None);
        assert_eq!(address_rule("http:", "[::1]", "", ""), None);
        assert!(address_rule("http:", "resolver.example", "", "").is_some_and(|m| m.contains("https://")));
        assert!(address_rule("http:", "192.168.1.5", "", "").is_some());
        assert!(address_rule("ftp:", "resolver.example", "", "").is_some());
        assert!(address_rule("javascript:", "", "", "").is_some());
    }

    #[test]
    fn the_address_is_the_servers_own() {
        assert!(address_rule("https:", "resolver.example", "?x=1", "").is_some());
        assert!(address_rule("https:", "resolver.example", "", "#top").is_some());
        assert!(address_rule("https:", "", "", "").is_some());
    }
}
