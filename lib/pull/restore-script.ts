/**
 * The pull box's inline script, apart from its component so the
 * Content-Security-Policy can allow it by hash (lib/security/headers.ts).
 */
import { PULL_FORMS } from "./commands";

/** The visitor's choice, kept across pages and visits as "<form> <target>". */
export const PULL_CHOICE_KEY = "galleon:pull-command";

/**
 * Runs while the HTML is parsed, before the first paint and long before
 * hydration: applies the stored choice to the server-rendered box the way
 * render does (same parsing as parseChoice, same data attributes: data-js and
 * data-no-js mark what shows only with and only without JavaScript), so the
 * box does not change size when React takes over. The elements it may change
 * carry suppressHydrationWarning.
 */
export const PULL_RESTORE_SCRIPT = `(function(box){var forms=${JSON.stringify(PULL_FORMS)},form=forms[0],target="tag";
try{var s=(localStorage.getItem(${JSON.stringify(PULL_CHOICE_KEY)})||"").split(" ");if(forms.indexOf(s[0])>=0)form=s[0];if(s[1]==="digest")target="digest"}catch(e){}
box.querySelectorAll("[data-js],[data-no-js],[data-form],[data-target]").forEach(function(e){
var d=e.dataset,on=d.form?d.form===form:d.target?d.target===target:"js" in d;
if(e.getAttribute("role")==="tab"){e.setAttribute("aria-selected",on);e.tabIndex=on?0:-1}
else if(e.hasAttribute("aria-pressed"))e.setAttribute("aria-pressed",on);else e.hidden=!on})
})(document.currentScript.parentElement)`;
