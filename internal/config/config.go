// Package config holds the server configuration. Values come from flags,
// then environment variables, then defaults; there is no global config.
package config

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"reconnect/internal/seal"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is everything `reconnect serve` needs to run.
type Config struct {
	Addr            string        // listen address
	MetricsAddr     string        // if set, /metrics is served only here
	DB              string        // SQLite file path or postgres:// URL
	BaseURL         string        // public URL, decides cookie security
	SessionIdle     time.Duration // sign out after this long without a request
	SessionMax      time.Duration // sign out this long after sign-in, whatever happens
	HashConcurrency int           // password hashes computed at once
	TrustProxy      bool          // take the client IP from X-Forwarded-For
	LogFormat       string        // "text" or "json"
	ShutdownTimeout time.Duration // how long in-flight requests may take to finish
	CrisisFile      string        // JSON file with the deployment's crisis numbers
	FlagThreshold   int           // different members whose flags hide a post until a moderator looks
	UnansweredAfter time.Duration // how long a member's post waits before the unanswered view shows it
	QuietAfter      time.Duration // how long without signing in makes a member quiet for moderators
	AnswerDays      int           // care messages are answered within this many working days (stated on every conversation)
	Crisis          []CrisisLine  // loaded from CrisisFile, else Norwegian defaults
	SecretFile      string        // 32+ random bytes keying hashes of national ID numbers
	DataKeyFile     string        // the data key sealing private text at rest
	OldDataKeyFiles string        // comma-separated keys still opened during a rotation
	DataKeys        *seal.Keyring // loaded from the files; nil until Finish or the app derives one
	Secret          []byte        // loaded from SecretFile
	EID             EIDConfig     // national eID sign-in; off when Issuer is empty
	SMTP            SMTPConfig    // content-free e-mail notices; off when Addr is empty
	Retention       Retention     // how long personal data is kept (retention.go)
}

// SMTPConfig names the mail server e-mail notices go through.
type SMTPConfig struct {
	Addr         string // host:port; empty turns e-mail off
	From         string // sender address, e.g. "ReConnect <noreply@example.org>"
	User         string // SMTP AUTH user; empty for no authentication
	PasswordFile string // file holding the SMTP AUTH password
	TLS          string // mandatory, opportunistic or none
	Password     string // loaded from PasswordFile
}

// On reports whether e-mail is configured.
func (c SMTPConfig) On() bool { return c.Addr != "" }

// EIDConfig configures sign-in with an ID-porten-style provider.
type EIDConfig struct {
	Issuer, ClientID, ClientSecretFile, PrivateKeyFile, KeyID, ACR string
	ClientSecret                                                   string // loaded from ClientSecretFile
}

// CrisisLine is one crisis number shown on every page's help link.
type CrisisLine struct {
	Number string            `json:"number"`
	Name   map[string]string `json:"name"` // by language: "nb", "en"
	Note   map[string]string `json:"note"`
}

// DefaultCrisis lists the Norwegian crisis numbers.
func DefaultCrisis() []CrisisLine {
	return []CrisisLine{
		{Number: "113", Name: map[string]string{"nb": "Medisinsk nødhjelp", "en": "Medical emergency"},
			Note: map[string]string{"nb": "Ved fare for liv og helse.", "en": "When life or health is in danger."}},
		{Number: "116 117", Name: map[string]string{"nb": "Legevakt", "en": "Out-of-hours doctor"},
			Note: map[string]string{"nb": "Når du trenger lege raskt, men det ikke er livstruende.", "en": "When you need a doctor soon, but it is not life-threatening."}},
		{Number: "116 123", Name: map[string]string{"nb": "Mental Helses hjelpetelefon", "en": "Mental Helse helpline"},
			Note: map[string]string{"nb": "Noen å snakke med, hele døgnet.", "en": "Someone to talk to, day and night."}},
	}
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	n := runtime.NumCPU()
	return Config{
		Addr:            ":8080",
		DB:              "reconnect.db",
		BaseURL:         "http://localhost:8080",
		SessionIdle:     30 * time.Minute,
		SessionMax:      12 * time.Hour,
		HashConcurrency: n,
		LogFormat:       "text",
		ShutdownTimeout: 30 * time.Second,
		Crisis:          DefaultCrisis(),
		FlagThreshold:   3,
		UnansweredAfter: 12 * time.Hour,
		QuietAfter:      21 * 24 * time.Hour,
		AnswerDays:      3,
		SMTP:            SMTPConfig{TLS: "opportunistic"},
		Retention:       DefaultRetention(),
	}
}

// Register adds the configuration flags to fs with defaults taken from
// getenv (RECONNECT_*) or Default. Call Finish after fs.Parse.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string) {
	d := Default()
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("RECONNECT_ADDR", d.Addr), "listen address (RECONNECT_ADDR)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("RECONNECT_METRICS_ADDR", ""), "serve /metrics only on this address (RECONNECT_METRICS_ADDR)")
	fs.StringVar(&c.DB, "db", env("RECONNECT_DB", d.DB), "SQLite file or postgres:// URL (RECONNECT_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("RECONNECT_BASE_URL", d.BaseURL), "public base URL (RECONNECT_BASE_URL)")
	fs.DurationVar(&c.SessionIdle, "session-idle", envDuration(getenv, "RECONNECT_SESSION_IDLE", d.SessionIdle), "idle session timeout (RECONNECT_SESSION_IDLE)")
	fs.DurationVar(&c.SessionMax, "session-max", envDuration(getenv, "RECONNECT_SESSION_MAX", d.SessionMax), "absolute session timeout (RECONNECT_SESSION_MAX)")
	fs.IntVar(&c.HashConcurrency, "hash-concurrency", envInt(getenv, "RECONNECT_HASH_CONCURRENCY", d.HashConcurrency), "password hashes computed at once (RECONNECT_HASH_CONCURRENCY)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", env("RECONNECT_TRUST_PROXY", "") == "true", "take client IP from X-Forwarded-For (RECONNECT_TRUST_PROXY=true)")
	fs.StringVar(&c.LogFormat, "log-format", env("RECONNECT_LOG_FORMAT", d.LogFormat), "text or json (RECONNECT_LOG_FORMAT)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDuration(getenv, "RECONNECT_SHUTDOWN_TIMEOUT", d.ShutdownTimeout), "grace period for in-flight requests (RECONNECT_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.DataKeyFile, "data-key-file", env("RECONNECT_DATA_KEY_FILE", ""), "32-byte key sealing messages at rest; default on SQLite: <db>.key, made on first start (RECONNECT_DATA_KEY_FILE)")
	fs.StringVar(&c.OldDataKeyFiles, "old-data-key-files", env("RECONNECT_OLD_DATA_KEY_FILES", ""), "comma-separated earlier data keys, still opened until `reconnect keys rotate` is done (RECONNECT_OLD_DATA_KEY_FILES)")
	fs.StringVar(&c.SecretFile, "secret-file", env("RECONNECT_SECRET_FILE", ""), "file with 32+ random bytes keying national ID hashes; required for eID (RECONNECT_SECRET_FILE)")
	fs.StringVar(&c.EID.Issuer, "eid-issuer", env("RECONNECT_EID_ISSUER", ""), "eID OpenID Connect issuer URL; empty turns eID off (RECONNECT_EID_ISSUER)")
	fs.StringVar(&c.EID.ClientID, "eid-client-id", env("RECONNECT_EID_CLIENT_ID", ""), "eID client ID (RECONNECT_EID_CLIENT_ID)")
	fs.StringVar(&c.EID.ClientSecretFile, "eid-client-secret-file", env("RECONNECT_EID_CLIENT_SECRET_FILE", ""), "file holding the eID client secret (RECONNECT_EID_CLIENT_SECRET_FILE)")
	fs.StringVar(&c.EID.PrivateKeyFile, "eid-private-key-file", env("RECONNECT_EID_PRIVATE_KEY_FILE", ""), "PEM key for private_key_jwt client authentication (RECONNECT_EID_PRIVATE_KEY_FILE)")
	fs.StringVar(&c.EID.KeyID, "eid-key-id", env("RECONNECT_EID_KEY_ID", ""), "kid of the eID private key (RECONNECT_EID_KEY_ID)")
	fs.StringVar(&c.EID.ACR, "eid-acr", env("RECONNECT_EID_ACR", "idporten-loa-high"), "required eID level (RECONNECT_EID_ACR)")
	fs.IntVar(&c.FlagThreshold, "flag-threshold", envInt(getenv, "RECONNECT_FLAG_THRESHOLD", d.FlagThreshold), "different members whose flags hide a post until a moderator has looked (RECONNECT_FLAG_THRESHOLD)")
	fs.DurationVar(&c.UnansweredAfter, "unanswered-after", envDuration(getenv, "RECONNECT_UNANSWERED_AFTER", d.UnansweredAfter), "how long a member's post waits for an answer before moderators see it as unanswered (RECONNECT_UNANSWERED_AFTER)")
	fs.DurationVar(&c.QuietAfter, "quiet-after", envDuration(getenv, "RECONNECT_QUIET_AFTER", d.QuietAfter), "how long without signing in before moderators see a member who took part as quiet (RECONNECT_QUIET_AFTER)")
	fs.IntVar(&c.AnswerDays, "answer-days", envInt(getenv, "RECONNECT_ANSWER_DAYS", d.AnswerDays), "working days within which providers answer care messages, stated on every conversation page (RECONNECT_ANSWER_DAYS)")
	fs.StringVar(&c.SMTP.Addr, "smtp-addr", env("RECONNECT_SMTP_ADDR", ""), "mail server host:port for content-free e-mail notices; empty turns e-mail off (RECONNECT_SMTP_ADDR)")
	fs.StringVar(&c.SMTP.From, "smtp-from", env("RECONNECT_SMTP_FROM", ""), "sender address of e-mail notices (RECONNECT_SMTP_FROM)")
	fs.StringVar(&c.SMTP.User, "smtp-user", env("RECONNECT_SMTP_USER", ""), "SMTP AUTH user; empty for none (RECONNECT_SMTP_USER)")
	fs.StringVar(&c.SMTP.PasswordFile, "smtp-password-file", env("RECONNECT_SMTP_PASSWORD_FILE", ""), "file holding the SMTP AUTH password (RECONNECT_SMTP_PASSWORD_FILE)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", env("RECONNECT_SMTP_TLS", d.SMTP.TLS), "STARTTLS: mandatory, opportunistic or none (RECONNECT_SMTP_TLS)")
	c.Retention.register(fs, getenv)
	fs.StringVar(&c.CrisisFile, "crisis-file", env("RECONNECT_CRISIS_FILE", ""), "JSON file with crisis numbers (RECONNECT_CRISIS_FILE)")
}

// Finish validates the parsed values and loads referenced files.
func (c *Config) Finish() error {
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base URL %q must be an absolute http or https URL", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		return fmt.Errorf("session timeouts must be positive and idle (%s) at most max (%s)", c.SessionIdle, c.SessionMax)
	}
	if c.HashConcurrency < 1 {
		c.HashConcurrency = 1
	}
	if c.QuietAfter < time.Hour {
		return fmt.Errorf("quiet-after %s must be at least an hour", c.QuietAfter)
	}
	if c.UnansweredAfter < time.Minute {
		return fmt.Errorf("unanswered-after %s must be at least a minute", c.UnansweredAfter)
	}
	if c.AnswerDays < 1 || c.AnswerDays > 30 {
		return fmt.Errorf("answer-days %d must be between 1 and 30", c.AnswerDays)
	}
	if c.FlagThreshold < 1 || c.FlagThreshold > 50 {
		return fmt.Errorf("flag threshold %d must be between 1 and 50", c.FlagThreshold)
	}
	if err := c.Retention.check(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q must be text or json", c.LogFormat)
	}
	if c.DataKeyFile != "" {
		primary, err := seal.LoadKey(c.DataKeyFile)
		if err != nil {
			return err
		}
		var old []seal.Key
		for _, f := range strings.Split(c.OldDataKeyFiles, ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			k, err := seal.LoadKey(f)
			if err != nil {
				return err
			}
			old = append(old, k)
		}
		c.DataKeys = seal.NewKeyring(primary, old...)
	}
	if c.SecretFile != "" {
		b, err := os.ReadFile(c.SecretFile)
		if err != nil {
			return fmt.Errorf("secret file: %w", err)
		}
		if c.Secret = []byte(strings.TrimSpace(string(b))); len(c.Secret) < 32 {
			return fmt.Errorf("secret file %s must hold at least 32 bytes", c.SecretFile)
		}
	}
	if c.EID.Issuer != "" {
		if len(c.Secret) == 0 {
			return fmt.Errorf("eID needs --secret-file (RECONNECT_SECRET_FILE) to key national ID hashes")
		}
		if c.EID.ClientID == "" || (c.EID.ClientSecretFile == "" && c.EID.PrivateKeyFile == "") {
			return fmt.Errorf("eID needs a client ID and a client secret file or private key file")
		}
		if c.EID.ClientSecretFile != "" {
			b, err := os.ReadFile(c.EID.ClientSecretFile)
			if err != nil {
				return fmt.Errorf("eID client secret: %w", err)
			}
			c.EID.ClientSecret = strings.TrimSpace(string(b))
		}
	}
	if err := c.SMTP.finish(); err != nil {
		return err
	}
	c.Crisis = DefaultCrisis()
	if c.CrisisFile != "" {
		b, err := os.ReadFile(c.CrisisFile)
		if err != nil {
			return fmt.Errorf("crisis file: %w", err)
		}
		var lines []CrisisLine
		if err := json.Unmarshal(b, &lines); err != nil || len(lines) == 0 {
			return fmt.Errorf("crisis file %s must hold a non-empty JSON list of {number, name, note}", c.CrisisFile)
		}
		c.Crisis = lines
	}
	return nil
}

// Secure reports whether the deployment is served over TLS, which
// decides the Secure flag and the __Host- prefix on cookies.
func (c *Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

func envDuration(getenv func(string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(name)); err == nil {
		return d
	}
	return def
}

func envInt(getenv func(string) string, name string, def int) int {
	if n, err := strconv.Atoi(getenv(name)); err == nil {
		return n
	}
	return def
}
