package attach

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"sort"
	"strconv"
)

// maxInflated bounds how much of a PDF's object streams is unpacked to be
// checked, in total. Object streams hold dictionaries only and are small;
// a file over this is refused as one we cannot check.
const maxInflated = 32 << 20

// checkPDF accepts a PDF without active content. It does not parse the file
// as a viewer does: it reads every PDF name (/Name, with #xx escapes
// decoded) in the file, and in the object streams where newer PDFs keep
// their dictionaries. Names of six letters or more are looked for
// everywhere, including binary stream data, where chance matches are
// negligible; the short /JS and /XFA only outside stream data. A JavaScript
// action must also name /S /JavaScript, so a /JS hidden in stream data is
// still caught by that name.
//
// The check catches ordinary PDFs with scripts or attachments. A file built
// to fool this scanner (objects placed where it sees stream data) may get
// past it, so PDFs must still be served as downloads, never inline.
func checkPDF(data []byte) error {
	if !bytes.Contains(data[max(0, len(data)-1024):], []byte("%%EOF")) {
		return invalid("field.attachment.damaged", nil)
	}
	streams := findStreams(data)
	inStream := func(off int) bool {
		// streams are in file order and do not overlap.
		i := sort.Search(len(streams), func(i int) bool { return streams[i].end > off })
		return i < len(streams) && streams[i].start <= off
	}
	var objStms int
	var verdict string
	scanNames(data, func(off int, name string) bool {
		switch {
		case name == "Encrypt":
			verdict = "field.attachment.pdf_unchecked"
		case name == "ObjStm":
			objStms++
		case activeName(name) && (len(name) >= 6 || !inStream(off)):
			verdict = "field.attachment.pdf_active"
		}
		return verdict == ""
	})
	if verdict != "" {
		return invalid(verdict, nil)
	}
	budget := maxInflated
	for _, s := range streams {
		if !s.objStm {
			continue
		}
		objStms--
		if s.decodeParms {
			// A predictor would garble the names we look for.
			return invalid("field.attachment.pdf_unchecked", nil)
		}
		r, err := zlib.NewReader(bytes.NewReader(data[s.start:s.end]))
		if err != nil {
			return invalid("field.attachment.pdf_unchecked", err)
		}
		inflated, err := io.ReadAll(io.LimitReader(r, int64(budget)+1))
		if err != nil || len(inflated) > budget {
			return invalid("field.attachment.pdf_unchecked", err)
		}
		budget -= len(inflated)
		scanNames(inflated, func(_ int, name string) bool {
			if activeName(name) {
				verdict = "field.attachment.pdf_active"
			} else if name == "ObjStm" {
				verdict = "field.attachment.pdf_unchecked" // not allowed in an object stream
			}
			return verdict == ""
		})
		if verdict != "" {
			return invalid(verdict, nil)
		}
	}
	if objStms != 0 {
		// An object stream whose dictionary we did not find: we cannot
		// say what is inside.
		return invalid("field.attachment.pdf_unchecked", nil)
	}
	return nil
}

// activeName reports the names that let a PDF run code, start programs or
// carry other files: JavaScript actions and name trees, launch actions,
// embedded files, Flash-era rich media and XFA forms (which script too).
func activeName(name string) bool {
	switch name {
	case "JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA":
		return true
	}
	return false
}

// stream is the data of one PDF stream, data[start:end], and what its
// dictionary says: an object stream, decode parameters.
type stream struct {
	start, end          int
	objStm, decodeParms bool
}

var (
	objHeaderEnd = regexp.MustCompile(`\d\s+\d+\s+obj$`)
	directLength = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
)

// findStreams finds stream data: after a dictionary's ">>", the keyword
// "stream" and its end of line, up to the direct /Length if "endstream"
// follows there, else up to the next "endstream".
func findStreams(data []byte) []stream {
	var out []stream
	for pos, prevEnd := 0, 0; ; {
		i := bytes.Index(data[pos:], []byte("stream"))
		if i < 0 {
			return out
		}
		kw := pos + i
		pos = kw + len("stream")
		if !bytes.HasSuffix(bytes.TrimRight(data[:kw], "\x00\t\n\f\r "), []byte(">>")) {
			continue
		}
		start := pos
		if start < len(data) && data[start] == '\r' {
			start++
		}
		if start < len(data) && data[start] == '\n' {
			start++
		}
		dict := dictBefore(data[max(prevEnd, kw-4096):kw])
		end := -1
		if m := directLength.FindSubmatch(dict); m != nil && m[2] == nil {
			if n, err := strconv.Atoi(string(m[1])); err == nil && n <= len(data)-start &&
				bytes.HasPrefix(bytes.TrimLeft(data[start+n:], "\r\n"), []byte("endstream")) {
				end = start + n
			}
		}
		if end < 0 {
			if j := bytes.Index(data[start:], []byte("endstream")); j >= 0 {
				end = start + j
			} else {
				end = len(data)
			}
		}
		s := stream{start: start, end: end}
		scanNames(dict, func(_ int, name string) bool {
			s.objStm = s.objStm || name == "ObjStm"
			s.decodeParms = s.decodeParms || name == "DecodeParms"
			return true
		})
		out = append(out, s)
		pos, prevEnd = end, end
	}
}

// dictBefore returns what follows the last object header ("12 0 obj") in w,
// or all of w if it has none.
func dictBefore(w []byte) []byte {
	for end := len(w); ; {
		i := bytes.LastIndex(w[:end], []byte("obj"))
		if i < 0 {
			return w
		}
		if objHeaderEnd.Match(w[max(0, i-24) : i+3]) {
			return w[i+3:]
		}
		end = i
	}
}

// scanNames calls fn with the offset and decoded text of every PDF name in
// b (a slash, then regular characters; #xx is a hex escape), until fn
// returns false. Long names are skipped: none of interest is over 13
// letters.
func scanNames(b []byte, fn func(off int, name string) bool) {
	var buf [16]byte
	for i := 0; i < len(b); i++ {
		k := bytes.IndexByte(b[i:], '/')
		if k < 0 {
			return
		}
		i += k
		n, j := 0, i+1
		for ; j < len(b) && regular(b[j]); j++ {
			c := b[j]
			if c == '#' && j+2 < len(b) && isHex(b[j+1]) && isHex(b[j+2]) {
				c = unhex(b[j+1])<<4 | unhex(b[j+2])
				j += 2
			}
			if n < len(buf) {
				buf[n] = c // #nosec G602 -- guarded by n < len(buf) on the line above
			}
			n++
		}
		if n > 0 && n <= len(buf) && !fn(i, string(buf[:n])) {
			return
		}
		i = j - 1
	}
}

// regular reports a PDF regular character: not white space, not a delimiter.
func regular(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return false
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
