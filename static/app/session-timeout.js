// GOV.UK's timeout warning pattern: two minutes before an idle sign-out, a modal dialog
// offers "Stay signed in" (which tells the server the person is still here) or "Sign out".
// The server decides the sign-out (contactpolicy/middleware.py); this only warns ahead.

const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const remaining = Number(dialog.dataset.timeout);
  const warning = Number(dialog.dataset.warning);
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const stay = dialog.querySelector("[data-timeout-stay]");
  const signOutForm = document.getElementById("sign-out-form");
  let warnTimer;
  let signOutTimer;
  let tick;

  const describe = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  // At the deadline, ask the server for this page again rather than signing out here: the
  // server signs out a session that is idle, and keeps one that is busy in another tab.
  const expire = () => {
    window.clearInterval(tick);
    window.location.assign(window.location.href);
  };

  const warn = (deadline) => {
    const update = () => {
      countdown.textContent = describe(Math.max(0, Math.round((deadline - Date.now()) / 1000)));
    };
    update();
    tick = window.setInterval(update, 1000);
    dialog.showModal();
  };

  const start = (seconds) => {
    window.clearTimeout(warnTimer);
    window.clearTimeout(signOutTimer);
    window.clearInterval(tick);
    const deadline = Date.now() + seconds * 1000;
    warnTimer = window.setTimeout(() => warn(deadline), Math.max(0, seconds - warning) * 1000);
    signOutTimer = window.setTimeout(expire, seconds * 1000);
  };

  stay.addEventListener("click", async () => {
    const token = signOutForm.querySelector("[name=csrfmiddlewaretoken]").value;
    let response;
    try {
      response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch {
      response = null;
    }
    if (response && response.status === 204) {
      dialog.close();
      start(Number(dialog.dataset.fullTimeout));
    } else {
      window.location.assign(dialog.dataset.signInUrl);
    }
  });

  // Escape would close the dialog without telling the server: treat it as "Stay signed in".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay.click();
  });

  // Requests made by htmx are activity too.
  document.addEventListener("htmx:afterRequest", () => {
    if (!dialog.open) start(Number(dialog.dataset.fullTimeout));
  });

  start(remaining);
}
