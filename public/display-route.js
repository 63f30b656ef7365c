// The hall display is dark and bare: do not flash the office shell on a projector.
// (Outside index.html so the Content-Security-Policy can forbid inline scripts.)
if (/\/display\/?$/.test(location.pathname)) document.documentElement.classList.add('display-route');
