fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(pinsheet_web::app::App);
    pinsheet_web::app::register_service_worker();
}
