"""Offline copies (`make offline`) only: search from file:// runs its worker through the
iframe-worker shim, which Material's offline plugin would load from unpkg.com. This hook gives
it our vendored copy first (the plugin then adds nothing); the served site loads no shim."""

SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"   # iframe-worker 1.0.4 (MIT), from npm


def on_config(config):
    """Before the offline plugin's on_config, which checks for an iframe-worker polyfill."""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    if offline is not None and offline.config.enabled:
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), SHIM]
