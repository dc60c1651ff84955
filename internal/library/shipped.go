package library

// shipped are the exercises and information pages a new deployment
// starts with, written by us; administrators and peer moderators may
// change them (Ensure never overwrites an edit).
var shipped = []Page{
	{Kind: Exercise, Slug: "calm-breathing", Category: "mindfulness",
		TitleNB: "Rolig pust: fire inn, seks ut", TitleEN: "Calm breathing: four in, six out",
		BodyNB: `Når kroppen er i alarm, puster vi fort og høyt oppe i brystet. En lengre utpust forteller kroppen at faren er over.

1. Sett deg godt til rette, eller legg deg ned. Legg gjerne en hånd på magen.
2. Pust inn gjennom nesen mens du teller rolig til fire. Kjenn at magen løfter seg.
3. Pust ut gjennom munnen mens du teller til seks, som om du blåser forsiktig på en kopp te.
4. Gjenta i tre til fem minutter. Mister du tellingen, begynner du bare på nytt.

Det er helt vanlig at tankene vandrer. Legg merke til det, og gå vennlig tilbake til pusten.

**Etterpå:** Hvordan kjennes kroppen nå sammenlignet med før?`,
		BodyEN: `When the body is on alert, we breathe fast and high in the chest. A longer out-breath tells the body the danger has passed.

1. Sit comfortably, or lie down. You may rest a hand on your belly.
2. Breathe in through your nose while counting slowly to four. Feel your belly rise.
3. Breathe out through your mouth while counting to six, as if gently blowing on a cup of tea.
4. Repeat for three to five minutes. If you lose count, simply start again.

It is quite normal for thoughts to wander. Notice it, and kindly return to the breath.

**Afterwards:** How does your body feel now compared with before?`},
	{Kind: Exercise, Slug: "grounding-5-4-3-2-1", Category: "coping",
		TitleNB: "Jording: 5-4-3-2-1", TitleEN: "Grounding: 5-4-3-2-1",
		BodyNB: `Når tankene løper, eller alt kjennes uvirkelig, kan sansene hente deg tilbake til her og nå.

Se deg rundt og nevn, høyt eller inni deg:

- **5** ting du kan se
- **4** ting du kan kjenne (stolen under deg, føttene mot gulvet, klærne mot huden)
- **3** ting du kan høre
- **2** ting du kan lukte
- **1** ting du kan smake

Ta den tiden du trenger. Det finnes ingen feil svar.

**Etterpå:** Skriv gjerne ned hva som hjalp mest, så du husker det til neste gang.`,
		BodyEN: `When your thoughts race, or everything feels unreal, your senses can bring you back to the here and now.

Look around and name, out loud or to yourself:

- **5** things you can see
- **4** things you can feel (the chair under you, your feet on the floor, your clothes on your skin)
- **3** things you can hear
- **2** things you can smell
- **1** thing you can taste

Take the time you need. There are no wrong answers.

**Afterwards:** You may note what helped most, so you remember it next time.`},
	{Kind: Exercise, Slug: "short-body-scan", Category: "mindfulness",
		TitleNB: "Kort kroppsskanning", TitleEN: "Short body scan",
		BodyNB: `En kroppsskanning er å flytte oppmerksomheten rolig gjennom kroppen, uten å prøve å endre noe.

1. Sitt eller ligg slik at du har det greit. Lukk øynene hvis det kjennes trygt, ellers hvil blikket på gulvet.
2. Kjenn føttene. Er de varme, kalde, tunge? Bare legg merke til det.
3. Flytt oppmerksomheten videre til leggene, knærne, lårene, magen, brystet, skuldrene, armene og hendene, nakken og ansiktet.
4. Der du kjenner spenning, kan du puste litt ekstra dit og se om den får lov til å slippe taket. Det er også greit om den ikke gjør det.

Bruk fem til ti minutter.

**Etterpå:** Hvor i kroppen kjente du mest? Var det noe som overrasket deg?`,
		BodyEN: `A body scan means moving your attention calmly through the body, without trying to change anything.

1. Sit or lie down so that you are comfortable. Close your eyes if that feels safe, otherwise rest your gaze on the floor.
2. Notice your feet. Are they warm, cold, heavy? Just notice.
3. Move your attention on to your calves, knees, thighs, belly, chest, shoulders, arms and hands, neck and face.
4. Where you feel tension, you can breathe a little extra into it and see whether it lets go. It is also fine if it does not.

Spend five to ten minutes.

**Afterwards:** Where in your body did you feel the most? Did anything surprise you?`},
	{Kind: Exercise, Slug: "catch-a-thought", Category: "symptoms",
		TitleNB: "Fang en tanke", TitleEN: "Catch a thought",
		BodyNB: `Tanker er ikke fakta, selv når de kjennes sanne. Denne øvelsen hjelper deg å se en vanskelig tanke litt utenfra.

1. **Situasjonen:** Hva skjedde? Hvor var du, og hvem var der?
2. **Tanken:** Hva sa du til deg selv? Skriv den ned ordrett.
3. **Følelsen:** Hva kjente du, og hvor sterkt (0–10)?
4. **For og mot:** Hva taler for at tanken stemmer? Hva taler mot?
5. **En annen måte å se det på:** Hva ville du sagt til en venn som tenkte det samme?
6. **Følelsen nå:** Hvor sterk er den nå (0–10)?

Det er ikke meningen at tanken skal forsvinne. Det er nok at den får litt mindre makt.`,
		BodyEN: `Thoughts are not facts, even when they feel true. This exercise helps you look at a difficult thought a little from the outside.

1. **The situation:** What happened? Where were you, and who was there?
2. **The thought:** What did you tell yourself? Write it down word for word.
3. **The feeling:** What did you feel, and how strongly (0–10)?
4. **For and against:** What suggests the thought is true? What suggests it is not?
5. **Another way to see it:** What would you say to a friend who thought the same?
6. **The feeling now:** How strong is it now (0–10)?

The point is not for the thought to disappear. It is enough that it gets a little less power.`},
	{Kind: Exercise, Slug: "safe-place", Category: "coping",
		TitleNB: "Et trygt sted i tankene", TitleEN: "A safe place in your mind",
		BodyNB: `Du kan lage deg et sted i tankene som du kan besøke når det stormer. Det kan være et ekte sted du har vært, eller et du finner på.

1. Sett deg godt til rette og pust rolig noen ganger.
2. Se for deg stedet. Hva ser du? Hvilke farger og hvilket lys er det der?
3. Hva hører du? Bølger, vind, stillhet, noen du er glad i?
4. Hvordan lukter det? Hvordan kjennes luften mot huden?
5. Gi stedet et ord, for eksempel «brygga» eller «hytta». Ordet kan hjelpe deg å komme tilbake dit senere.

Hvis det dukker opp noe ubehagelig, kan du åpne øynene, kjenne føttene mot gulvet og prøve et annet sted en annen dag.`,
		BodyEN: `You can make a place in your mind to visit when things get stormy. It can be a real place you have been, or one you make up.

1. Sit comfortably and breathe calmly a few times.
2. Picture the place. What do you see? What colours and light are there?
3. What do you hear? Waves, wind, silence, someone you love?
4. What does it smell like? How does the air feel on your skin?
5. Give the place a word, such as "the jetty" or "the cabin". The word can help you get back there later.

If something unpleasant comes up, you can open your eyes, feel your feet on the floor and try another place another day.`},
	{Kind: Exercise, Slug: "one-small-good-thing", Category: "symptoms",
		TitleNB: "Én liten god ting i dag", TitleEN: "One small good thing today",
		BodyNB: `Når vi er nedfor, slutter vi ofte med det som gir oss påfyll, og da blir vi enda mer nedfor. Små handlinger kan snu det litt.

1. Skriv ned tre små ting som pleide å gi deg litt glede eller mestring: en kopp kaffe på trappa, å ringe noen, å rydde én skuff.
2. Velg én av dem. Gjør den så liten at den nesten er for lett.
3. Bestem når du skal gjøre den i dag.
4. Gjør den, selv om du ikke har lyst. Lysten kommer ofte etterpå.
5. Gi det en karakter fra 0 til 10 for glede og for mestring.

Du kan legge aktiviteten inn i aktivitetsplanen din, så husker du den.`,
		BodyEN: `When we are low, we often stop doing what gives us energy, and then we get even lower. Small actions can turn that a little.

1. Write down three small things that used to give you some joy or a sense of mastery: a cup of coffee on the steps, calling someone, tidying one drawer.
2. Choose one of them. Make it so small that it is almost too easy.
3. Decide when you will do it today.
4. Do it, even if you do not feel like it. The wish often comes afterwards.
5. Rate it from 0 to 10 for joy and for mastery.

You can put the activity in your activity planner, so you remember it.`},
	{Kind: Exercise, Slug: "self-compassion-pause", Category: "coping",
		TitleNB: "En vennlig pause", TitleEN: "A kind pause",
		BodyNB: `Mange av oss er strengere mot oss selv enn vi ville vært mot noen andre. Denne pausen tar ett minutt.

1. **Legg merke til at det er vondt:** «Dette er vanskelig akkurat nå.»
2. **Husk at du ikke er alene:** «Andre kjenner det også slik. Det hører med til å være menneske.»
3. **Vær vennlig:** Legg en hånd på brystet eller armen, og si noe du trenger å høre, for eksempel «Jeg gjør så godt jeg kan.»

Finn dine egne ord hvis disse ikke passer.

**Etterpå:** Hvilke ord hjalp? Skriv dem ned, så har du dem neste gang.`,
		BodyEN: `Many of us are harder on ourselves than we would ever be on anyone else. This pause takes one minute.

1. **Notice that it hurts:** "This is hard right now."
2. **Remember you are not alone:** "Others feel this too. It is part of being human."
3. **Be kind:** Put a hand on your chest or arm, and say something you need to hear, such as "I am doing the best I can."

Find your own words if these do not fit.

**Afterwards:** Which words helped? Write them down, so you have them next time.`},
	{Kind: Exercise, Slug: "winding-down", Category: "symptoms",
		TitleNB: "Et roligere kveldsritual", TitleEN: "A calmer evening routine",
		BodyNB: `Søvn og psykisk helse henger tett sammen. En fast nedtrapping om kvelden kan gjøre det lettere å sovne.

1. Velg et tidspunkt, omtrent en time før du vil sove, da du begynner å trappe ned.
2. Demp lyset, og legg bort telefonen eller sett den på lydløs.
3. Gjør noe rolig som du liker: en dusj, litt lesing, en kopp urtete, pusteøvelsen.
4. Har du mye i hodet, skriv det ned på en lapp: «Dette tar jeg i morgen.»
5. Prøv å stå opp omtrent til samme tid hver dag, også når natten har vært dårlig.

Snakk med behandleren din hvis søvnen er vond over lengre tid, eller hvis du har endret medisiner.`,
		BodyEN: `Sleep and mental health are closely linked. A regular wind-down in the evening can make it easier to fall asleep.

1. Choose a time, about an hour before you want to sleep, to start winding down.
2. Dim the lights, and put your phone away or on silent.
3. Do something calm that you like: a shower, some reading, a cup of herbal tea, the breathing exercise.
4. If your head is full, write it on a note: "I will deal with this tomorrow."
5. Try to get up at about the same time every day, even after a bad night.

Talk to your provider if sleep is hard for a long time, or if your medication has changed.`},

	{Kind: Info, Slug: "personal-recovery", Category: "info",
		TitleNB: "Personlig bedring", TitleEN: "Personal recovery",
		BodyNB: `Bedring handler ikke bare om færre symptomer. Mange beskriver det som å få et meningsfullt liv, med eller uten plager.

Forskning peker på fem ting som ofte er viktige: **tilhørighet** (å høre til et sted og hos noen), **håp** om at ting kan bli bedre, en **identitet** som er mer enn en diagnose, **mening** i hverdagen, og **mestring og innflytelse** over eget liv.

Bedring går sjelden i en rett linje. Gode og tunge perioder kommer og går. Verktøykassen i ReConnect er laget for å hjelpe deg å sette ord på det som betyr noe for deg, og å planlegge små steg.`,
		BodyEN: `Recovery is not only about fewer symptoms. Many describe it as having a meaningful life, with or without difficulties.

Research points to five things that are often important: **connectedness** (belonging somewhere and with someone), **hope** that things can get better, an **identity** that is more than a diagnosis, **meaning** in everyday life, and **empowerment** over your own life.

Recovery rarely goes in a straight line. Good and hard periods come and go. The toolbox in ReConnect is made to help you put words to what matters to you, and to plan small steps.`},
	{Kind: Info, Slug: "user-involvement", Category: "info",
		TitleNB: "Brukermedvirkning", TitleEN: "User involvement",
		BodyNB: `Du har rett til å være med og bestemme over din egen behandling. Det står i pasient- og brukerrettighetsloven.

Det betyr blant annet at du skal få informasjon du forstår, at du kan si hva som er viktig for deg, og at tjenestene skal ta hensyn til det når de planlegger sammen med deg. Du har også rett til å se journalen din.

Erfaringene dine er verdifulle også for andre. Mange kommuner og sykehus har brukerråd, og brukerorganisasjoner tar gjerne imot nye medlemmer. Se *Lokale lenker* for organisasjoner der du bor.`,
		BodyEN: `You have the right to take part in decisions about your own treatment. It is set out in the Norwegian Patient and User Rights Act.

Among other things, this means you should get information you understand, you can say what matters to you, and services should take it into account when they plan with you. You also have the right to see your records.

Your experience is valuable to others too. Many municipalities and hospitals have user councils, and service-user organisations welcome new members. See *Local links* for organisations where you live.`},
	{Kind: Info, Slug: "working-with-providers", Category: "info",
		TitleNB: "Samarbeid med behandlerne dine", TitleEN: "Working with your providers",
		BodyNB: `Under *Behandlingsteam* ser du hvilke behandlere du er koblet til. Du kan sende dem meldinger mellom timene, og de svarer innen tiden som står på meldingssiden. Meldinger er ikke for akutte situasjoner: trenger du hjelp nå, ring numrene under *Trenger du hjelp nå?*.

Du bestemmer selv hva fra verktøykassen behandlerne får se. Du kan dele én ting eller et helt verktøy, for eksempel kriseplanen, og slutte å dele når som helst. Under *Hvem har sett informasjonen min* ser du hver gang en behandler har åpnet noe.

Behandlerne ser aldri forumet eller kallenavnet ditt.`,
		BodyEN: `Under *Care team* you see which providers you are linked to. You can send them messages between appointments, and they answer within the time shown on the messages page. Messages are not for emergencies: if you need help now, call the numbers under *Need help now?*.

You decide what from your toolbox your providers see. You can share one item or a whole tool, such as your crisis plan, and stop sharing at any time. Under *Who has seen my information* you see every time a provider has opened something.

Providers never see the forum or your pseudonym.`},
	{Kind: Info, Slug: "using-reconnect", Category: "info",
		TitleNB: "Slik bruker du ReConnect", TitleEN: "How to use ReConnect",
		BodyNB: `**Forumet** er et sted å dele erfaringer med andre som vet hvordan det er. Du skriver under kallenavn, og likepersoner passer på at tonen er god.

**Kafeene** er treff der du bor, med den samme likepersonen som i forumet. Du bestemmer selv om og når du vil fortelle hvem du er på nettet.

**Verktøykassen** er din egen: mål, kriseplan, nettverkskart, medisiner, dagbok og øvelser. Bare du ser den, med mindre du deler noe.

**Meldinger** går til behandlerne dine og til likepersonen din.

Blir noe vanskelig, kan du alltid ta pause fra forumet under innstillingene.`,
		BodyEN: `**The forum** is a place to share experiences with others who know what it is like. You write under a pseudonym, and peer moderators keep the tone kind.

**The cafés** are meet-ups where you live, with the same peer moderator as in the forum. You decide if and when to tell people who you are online.

**The toolbox** is your own: goals, crisis plan, network map, medications, journal and exercises. Only you see it, unless you share something.

**Messages** go to your providers and to your peer moderator.

If something gets hard, you can always take a break from the forum in your settings.`},
	{Kind: Info, Slug: "privacy-and-anonymity", Category: "info",
		TitleNB: "Personvern og anonymitet", TitleEN: "Privacy and anonymity",
		BodyNB: `I forumet er du kallenavnet ditt. Andre medlemmer ser navnet ditt bare hvis du selv viser det til dem, og du kan slutte å vise det når du vil.

Før du publiserer, sjekker ReConnect om teksten kan avsløre hvem du er, for eksempel telefonnummer, adresse eller steder. Du bestemmer selv om du vil endre teksten.

Behandlere ser aldri forumet. Meldinger og alt i verktøykassen lagres kryptert. Varsler og e-post sier aldri hva noen har skrevet.

En administrator kan i sjeldne tilfeller måtte finne ut hvem som står bak et kallenavn. Da må det oppgis en grunn, og du får beskjed. Det står også i tilgangsloggen din.`,
		BodyEN: `In the forum you are your pseudonym. Other members see your name only if you show it to them yourself, and you can stop showing it whenever you like.

Before you publish, ReConnect checks whether the text could reveal who you are, such as phone numbers, addresses or places. You decide whether to change the text.

Providers never see the forum. Messages and everything in the toolbox are stored encrypted. Notices and e-mails never say what anyone wrote.

In rare cases an administrator may have to find out who is behind a pseudonym. A reason must be given, and you are told. It is also in your access log.`},
}
