-- 016_requirements_seed.sql: the national provisions of the legal-
-- requirements register (lagkravslista), provider_id NULL so that every
-- care provider assesses them. Summaries are in our own words, not the
-- statute's text (../shared/domain.md). Where domain.md marks a section
-- number as uncertain, the summary says that the number is to be verified.
-- sort_key orders statutes (1 SOSFS 2011:9, 2 HSLF-FS 2017:40, 3 PSL,
-- 4 HSL), then chapter and section, zero-padded.
-- Also the indexes the status page and the register's filters need.

CREATE INDEX requirement_provider ON requirement(provider_id, sort_key);
-- the status page counts a subtree's approved and overdue documents unit by
-- unit (store_status.c)
CREATE INDEX document_unit_review ON document(unit_id, state, review_due);

INSERT INTO requirement (provider_id, code, statute, statute_title, chapter,
    section, summary, in_force, review_months, sort_key, created_at,
    updated_at)
SELECT NULL, code, statute, title, chapter, section, summary, in_force, 12,
    sort_key, CAST(strftime('%s', 'now') AS INTEGER),
    CAST(strftime('%s', 'now') AS INTEGER)
FROM (
    SELECT 'SOSFS 2011:9 1:1' AS code, 'SOSFS 2011:9' AS statute,
        'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete' AS title,
        '1 kap.' AS chapter, '1 §' AS section,
        'Föreskrifterna gäller verksamhet enligt hälso- och sjukvårdslagen, tandvårdslagen, LSS och socialtjänstlagen: den som bedriver sådan verksamhet ska ha ett ledningssystem för systematiskt kvalitetsarbete.' AS summary,
        '2012-01-01' AS in_force, '1 2011:9 01 01' AS sort_key
    UNION ALL SELECT 'SOSFS 2011:9 1:2', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '1 kap.', '2 §',
        'Föreskrifterna gäller också vårdgivarens systematiska patientsäkerhetsarbete enligt 3 kap. patientsäkerhetslagen; det arbetet ska rymmas i samma ledningssystem.',
        '2012-01-01', '1 2011:9 01 02'
    UNION ALL SELECT 'SOSFS 2011:9 2:1', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '2 kap.', '1 §',
        'Definitioner: kvalitet (verksamheten uppfyller krav och mål enligt lagar, föreskrifter och beslut), egenkontroll, process (återkommande aktiviteter som leder till ett resultat) och rutin (ett bestämt sätt att utföra en aktivitet och vem som ansvarar).',
        '2012-01-01', '1 2011:9 02 01'
    UNION ALL SELECT 'SOSFS 2011:9 3:1', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '3 kap.', '1 §',
        'Vårdgivaren ansvarar för att det finns ett ledningssystem som används för att systematiskt och fortlöpande utveckla och säkra verksamhetens kvalitet, anpassat efter verksamhetens art och omfattning.',
        '2012-01-01', '1 2011:9 03 01'
    UNION ALL SELECT 'SOSFS 2011:9 3:2', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '3 kap.', '2 §',
        'Med stöd av ledningssystemet ska verksamheten planeras, ledas, kontrolleras, följas upp, utvärderas och förbättras.',
        '2012-01-01', '1 2011:9 03 02'
    UNION ALL SELECT 'SOSFS 2011:9 3:3', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '3 kap.', '3 §',
        'Det ska framgå hur uppgifterna i kvalitetsarbetet är fördelade i verksamheten: vem som ansvarar för vad (ansvarsfördelning).',
        '2012-01-01', '1 2011:9 03 03'
    UNION ALL SELECT 'SOSFS 2011:9 4:2', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '2 §',
        'Identifiera, beskriva och fastställa de processer som behövs för att säkra verksamhetens kvalitet. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 02'
    UNION ALL SELECT 'SOSFS 2011:9 4:3', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '3 §',
        'Identifiera vilka aktiviteter som ingår i varje process och bestämma deras ordning. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 03'
    UNION ALL SELECT 'SOSFS 2011:9 4:4', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '4 §',
        'Ta fram och fastställa de rutiner som behövs för aktiviteterna i processerna. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 04'
    UNION ALL SELECT 'SOSFS 2011:9 4:5', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '5 §',
        'Samverkan: identifiera de processer där samverkan inom den egna verksamheten behövs för att förebygga vårdskador. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 05'
    UNION ALL SELECT 'SOSFS 2011:9 4:6', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '6 §',
        'Samverkan: identifiera de processer där samverkan med andra vårdgivare, myndigheter och organisationer behövs. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 06'
    UNION ALL SELECT 'SOSFS 2011:9 4:7', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '4 kap.', '7 §',
        'Samverkan ska säkras genom processer och rutiner. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 04 07'
    UNION ALL SELECT 'SOSFS 2011:9 5:1', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '1 §',
        'Riskanalys: bedöm fortlöpande om det kan inträffa händelser som medför brister i kvaliteten, uppskatta sannolikhet och bedöm konsekvenser; även inför förändringar i organisation, bemanning och arbetssätt.',
        '2012-01-01', '1 2011:9 05 01'
    UNION ALL SELECT 'SOSFS 2011:9 5:2', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '2 §',
        'Egenkontroll: följ upp och utvärdera den egna verksamheten och kontrollera att den bedrivs enligt processer och rutiner, så ofta och i den omfattning som behövs.',
        '2012-01-01', '1 2011:9 05 02'
    UNION ALL SELECT 'SOSFS 2011:9 5:3', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '3 §',
        'Klagomål och synpunkter på kvaliteten från patienter, närstående, personal, myndigheter och organisationer ska tas emot och utredas.',
        '2012-01-01', '1 2011:9 05 03'
    UNION ALL SELECT 'SOSFS 2011:9 5:4', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '4 §',
        'Rapporter om avvikelser från personal och andra ska tas emot. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 05 04'
    UNION ALL SELECT 'SOSFS 2011:9 5:5', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '5 §',
        'Rapporterade avvikelser ska utredas. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 05 05'
    UNION ALL SELECT 'SOSFS 2011:9 5:6', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '6 §',
        'Sammanställ och analysera regelbundet klagomål, synpunkter, rapporter och resultat av utredningar för att upptäcka mönster och trender. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 05 06'
    UNION ALL SELECT 'SOSFS 2011:9 5:7', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '7 §',
        'Vidta de förbättringsåtgärder som behövs för att säkra kvaliteten. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 05 07'
    UNION ALL SELECT 'SOSFS 2011:9 5:8', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '5 kap.', '8 §',
        'Följ upp och utvärdera effekten av vidtagna åtgärder. (Paragrafnumret ska verifieras.)',
        '2012-01-01', '1 2011:9 05 08'
    UNION ALL SELECT 'SOSFS 2011:9 6:1', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '6 kap.', '1 §',
        'Personalens medverkan: det ska finnas rutiner som säkerställer att personalen deltar i kvalitetsarbetet, bland annat genom att rapportera avvikelser och risker och delta i analys och förbättring.',
        '2012-01-01', '1 2011:9 06 01'
    UNION ALL SELECT 'SOSFS 2011:9 7:1', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '7 kap.', '1 §',
        'Det systematiska kvalitetsarbetet ska dokumenteras.',
        '2012-01-01', '1 2011:9 07 01'
    UNION ALL SELECT 'SOSFS 2011:9 7:2', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '7 kap.', '2 §',
        'Patientsäkerhetsberättelsen ska vara så detaljerad att det går att bedöma hur arbetet har bedrivits i varje del av verksamheten och att informera externa intressenter.',
        '2012-01-01', '1 2011:9 07 02'
    UNION ALL SELECT 'SOSFS 2011:9 7:3', 'SOSFS 2011:9', 'Socialstyrelsens föreskrifter och allmänna råd om ledningssystem för systematiskt kvalitetsarbete', '7 kap.', '3 §',
        'Patientsäkerhetsberättelsens innehåll: hur patientsäkerhetsarbetet har bedrivits, vilka åtgärder som vidtagits och vilka resultat som uppnåtts; allmänt råd om en årlig kvalitetsberättelse.',
        '2012-01-01', '1 2011:9 07 03'
    UNION ALL SELECT 'HSLF-FS 2017:40 3:1', 'HSLF-FS 2017:40', 'Socialstyrelsens föreskrifter och allmänna råd om vårdgivares systematiska patientsäkerhetsarbete', '3 kap.', '1 §',
        'Händelser som har medfört eller hade kunnat medföra en vårdskada ska utredas för att klarlägga händelseförlopp och bidragande faktorer och ge underlag för åtgärder. (Paragrafnumret ska verifieras.)',
        '2017-09-01', '2 2017:40 03 01'
    UNION ALL SELECT 'HSLF-FS 2017:40 3:2', 'HSLF-FS 2017:40', 'Socialstyrelsens föreskrifter och allmänna råd om vårdgivares systematiska patientsäkerhetsarbete', '3 kap.', '2 §',
        'Utredningens omfattning anpassas efter händelsens art. (Paragrafnumret ska verifieras.)',
        '2017-09-01', '2 2017:40 03 02'
    UNION ALL SELECT 'HSLF-FS 2017:40 3:4', 'HSLF-FS 2017:40', 'Socialstyrelsens föreskrifter och allmänna råd om vårdgivares systematiska patientsäkerhetsarbete', '3 kap.', '4 §',
        'Utredning av en händelse som har medfört eller hade kunnat medföra en allvarlig vårdskada ska innehålla händelseförlopp, när händelsen inträffade, upptäcktes och rapporterades, konsekvenser för patienten, analys av orsaker, beslutade åtgärder med ansvariga och tidplan, uppföljningsansvar och hur personalen informeras.',
        '2017-09-01', '2 2017:40 03 04'
    UNION ALL SELECT 'PSL 1:5', 'SFS 2010:659', 'Patientsäkerhetslagen', '1 kap.', '5 §',
        'Definitioner: vårdskada (lidande, skada, sjukdom eller död som hade kunnat undvikas med adekvata åtgärder) och allvarlig vårdskada (bestående och inte ringa, eller väsentligt ökat vårdbehov eller död).',
        '2011-01-01', '3 2010:659 01 05'
    UNION ALL SELECT 'PSL 3:1', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '1 §',
        'Vårdgivaren ska planera, leda och kontrollera verksamheten så att kravet på god vård upprätthålls (systematiskt patientsäkerhetsarbete).',
        '2011-01-01', '3 2010:659 03 01'
    UNION ALL SELECT 'PSL 3:2', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '2 §',
        'Vårdgivaren ska vidta de åtgärder som behövs för att förebygga vårdskador.',
        '2011-01-01', '3 2010:659 03 02'
    UNION ALL SELECT 'PSL 3:3', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '3 §',
        'Vårdgivaren ska utreda händelser som har medfört eller hade kunnat medföra en vårdskada.',
        '2011-01-01', '3 2010:659 03 03'
    UNION ALL SELECT 'PSL 3:5', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '5 §',
        'Lex Maria: vårdgivaren ska snarast anmäla till IVO händelser som har medfört eller hade kunnat medföra en allvarlig vårdskada.',
        '2011-01-01', '3 2010:659 03 05'
    UNION ALL SELECT 'PSL 3:8', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '8 §',
        'Patienten och närstående ska snarast informeras om en vårdskada, om planerade åtgärder och om möjligheten att vända sig till patientnämnd, IVO och patientförsäkringen. (Paragrafnumret ska verifieras.)',
        '2011-01-01', '3 2010:659 03 08'
    UNION ALL SELECT 'PSL 3:10', 'SFS 2010:659', 'Patientsäkerhetslagen', '3 kap.', '10 §',
        'Patientsäkerhetsberättelse senast den 1 mars varje år: hur patientsäkerhetsarbetet bedrivits föregående år, vilka åtgärder som vidtagits och vilka resultat som uppnåtts.',
        '2011-01-01', '3 2010:659 03 10'
    UNION ALL SELECT 'PSL 6:4', 'SFS 2010:659', 'Patientsäkerhetslagen', '6 kap.', '4 §',
        'Hälso- och sjukvårdspersonalen ska rapportera risker för vårdskador och händelser som har medfört eller hade kunnat medföra en vårdskada.',
        '2011-01-01', '3 2010:659 06 04'
    UNION ALL SELECT 'HSL 3:1', 'SFS 2017:30', 'Hälso- och sjukvårdslagen', '3 kap.', '1 §',
        'Målet med hälso- och sjukvården är en god hälsa och en vård på lika villkor för hela befolkningen.',
        '2017-04-01', '4 2017:30 03 01'
    UNION ALL SELECT 'HSL 3:2', 'SFS 2017:30', 'Hälso- och sjukvårdslagen', '3 kap.', '2 §',
        'Vården ska ges med respekt för människors lika värde och den enskildes värdighet; den som har störst behov ges företräde.',
        '2017-04-01', '4 2017:30 03 02'
    UNION ALL SELECT 'HSL 5:1', 'SFS 2017:30', 'Hälso- och sjukvårdslagen', '5 kap.', '1 §',
        'God vård: verksamheten ska vara av god kvalitet med god hygienisk standard, tillgodose patientens behov av trygghet, kontinuitet och säkerhet, bygga på respekt för självbestämmande och integritet, främja goda kontakter och vara lätt tillgänglig.',
        '2017-04-01', '4 2017:30 05 01'
    UNION ALL SELECT 'HSL 5:2', 'SFS 2017:30', 'Hälso- och sjukvårdslagen', '5 kap.', '2 §',
        'Det ska finnas den personal, de lokaler och den utrustning som behövs för att god vård ska kunna ges.',
        '2017-04-01', '4 2017:30 05 02'
    UNION ALL SELECT 'HSL 5:4', 'SFS 2017:30', 'Hälso- och sjukvårdslagen', '5 kap.', '4 §',
        'Kvaliteten i verksamheten ska systematiskt och fortlöpande utvecklas och säkras.',
        '2017-04-01', '4 2017:30 05 04'
);
