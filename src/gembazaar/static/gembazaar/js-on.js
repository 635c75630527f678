// Loaded without defer in <head> so the page is styled for JavaScript before it is painted;
// a file, not an inline script, because the Content-Security-Policy allows no inline script.
document.documentElement.classList.replace("no-js", "js");
