package identity

// defaultDocuments are the first versions of the consent documents,
// published when a deployment starts with none. Administrators publish
// new versions from the admin pages.
var defaultDocuments = []DocumentInput{
	{Kind: DocTerms,
		TitleNB: "Vilkår for bruk", TitleEN: "Terms of use",
		BodyNB: `ReConnect er et sted for støtte mellom likepersoner, kafétreff, meldinger med egne behandlere og en personlig verktøykasse. Det er et supplement til behandling, ikke en erstatning.

- I forumet skriver du under kallenavn. Skriv vennlig og ærlig.
- Ikke del ting som kan avsløre hvem andre er.
- Likepersonen som moderator kan skjule innlegg og begrense tilgang når det trengs for at forumet skal være trygt. Du får alltid vite hvorfor, og hvordan du kan be om en ny vurdering.`,
		BodyEN: `ReConnect is a place for peer support, local cafés, messages with your own providers and a personal toolbox. It adds to treatment; it does not replace it.

- In the forum you write under a pseudonym. Write kindly and honestly.
- Do not share things that could reveal who others are.
- The peer moderator can hide posts and limit access when needed to keep the forum safe. You are always told why, and how to ask for a review.`},
	{Kind: DocPrivacy,
		TitleNB: "Personvernerklæring", TitleEN: "Privacy notice",
		BodyNB: `- Vi lagrer bare det som trengs for tjenesten.
- Fødselsnummeret ditt lagres aldri. Vi lagrer bare en nøkkel som lar oss kjenne deg igjen ved innlogging med BankID eller MinID.
- Det virkelige navnet ditt lagres for seg, adskilt fra kallenavnet. Behandlere har ikke tilgang til forumet.
- En administrator kan bare slå opp hvem som står bak et kallenavn med en skriftlig begrunnelse. Oppslaget logges, og du får beskjed.
- Du kan se hvem som har lest det du har delt, laste ned dataene dine og slette kontoen din.`,
		BodyEN: `- We store only what the service needs.
- Your national ID number is never stored. We keep only a key that lets us recognise you when you sign in with BankID or MinID.
- Your real name is stored apart from your pseudonym. Health providers have no access to the forum.
- An administrator can look up who is behind a pseudonym only with a written reason. The look-up is logged, and you are told.
- You can see who has read what you shared, download your data and delete your account.`},
	{Kind: DocNonEmergency,
		TitleNB: "Ikke en akuttjeneste", TitleEN: "Not an emergency service",
		BodyNB: `Ingen følger med på ReConnect hele døgnet. Innlegg og meldinger blir ikke alltid lest med en gang.

- Ved fare for liv og helse: ring **113**.
- Trenger du lege raskt: ring legevakten på **116 117**.
- Trenger du noen å snakke med: ring Mental Helses hjelpetelefon på **116 123**.`,
		BodyEN: `Nobody watches ReConnect around the clock. Posts and messages are not always read right away.

- If life or health is in danger: call **113**.
- If you need a doctor soon: call the out-of-hours doctor on **116 117**.
- If you need someone to talk to: call Mental Helse's helpline on **116 123**.`},
	{Kind: DocStudy,
		TitleNB: "Deltakelse i forskning (valgfritt)", TitleEN: "Taking part in research (optional)",
		BodyNB: `Hvis du samtykker, blir tall om hvordan du bruker ReConnect brukt i forskning: innlogginger, antall innlegg og visninger, kafédeltakelse og bruk av verktøy. Det du skriver, blir aldri brukt. Forskerne ser ikke navnet ditt.

Samtykket er frivillig. Du kan trekke det tilbake når som helst under Innstillinger, og du kan be om at tallene om deg slettes.`,
		BodyEN: `If you consent, figures about how you use ReConnect are used in research: sign-ins, numbers of posts and views, café attendance and use of tools. What you write is never used. Researchers do not see your name.

Consent is voluntary. You can withdraw it at any time under Settings, and you can ask for the figures about you to be deleted.`},
}
