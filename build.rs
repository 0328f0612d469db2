//! Build script: on Windows targets, gives the `.exe`s their icon and version information
//! (product name, company, file version), shown in Explorer, the taskbar and the title bar.

fn main() {
    println!("cargo::rerun-if-changed=assets/icon/restoration-ledger.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/restoration-ledger.ico")
        .set("ProductName", "矸石山生态修复台账 Restoration Ledger")
        .set("FileDescription", "矸石山生态修复台账 Restoration Ledger")
        .set("CompanyName", "Restoration Ledger project")
        .set(
            "LegalCopyright",
            "MIT licence; fonts under their own licences (see assets/fonts)",
        )
        .set("OriginalFilename", "restoration-ledger.exe");
    if let Err(e) = res.compile() {
        // Without the resource compiler the program still builds, only without its icon.
        println!("cargo::warning=no Windows icon and version information: {e}");
    }
}
