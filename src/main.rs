fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(pinsheet_web::app::App);
    // From here the page takes files (queued until the converter is ready); `make bench` reads it.
    pinsheet_web::browser::mark("pinsheet:interactive");
}
