"""Welsh translations of part of the demo content, made through wagtail-localize.

`load_welsh_demo(home_page)` translates the home page, the five sections, two
patterns, the standard, a method, a factory and two case studies, and gives
the demo's service areas and two licences their Welsh names. Each is made
as a translator would in wagtail-localize's editor: a translation source, a
translation into Welsh, one string translation per segment, then the page
is saved and published. Facts (dates, figures, councils, licences, web
addresses) are synchronised from English, not written here.

Pages already translated (not the alias that stands in until then) and
service areas or licences that have a Welsh version are left alone, so
running it again changes nothing.

The Welsh is written for the demo, in the plain style of the English: it
says it is example content, as the English does.
"""

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.core.bulk_load import indexes_updated_at_the_end
from cms.taxonomy.models import Licence, ServiceArea

#: The pages translated, by their slugs below the home page ("" is the home page itself).
TRANSLATED_PAGES = (
    "",
    "patterns",
    "standards",
    "methods",
    "factories",
    "case-studies",
    "patterns/find-your-bin-collection-day",
    "patterns/separate-house-number-and-postcode-fields",
    "standards/local-government-service-standard-example",
    "methods/content-crit",
    "factories/cymru-housing-and-parking-collaborative",
    "case-studies/report-a-housing-repair",
    "case-studies/blue-badge-applications",
)

#: Welsh labels of the service areas the demo uses, by LGSL code.
SERVICE_AREA_LABELS = {
    141: "Atgyweiriadau tai",
    225: "Cyngor a chymorth i ofalwyr sy'n oedolion",
    279: "Trwyddedau parcio i bobl anabl",
    287: "Taliadau uniongyrchol",
    313: "Larymau cymunedol a Theleofal",
    321: "Cofrestru marwolaeth",
    328: "Cymorth profedigaeth",
    369: "Cyflenwyr cymeradwy",
    471: "Gorfodi rheolau parcio ar y stryd",
    473: "Parthau parcio",
    474: "Trwyddedau parcio",
    485: "Ceisiadau cynllunio preswyl",
    487: "Ceisiadau cynllunio llawn",
    524: "Casglu gwastraff y cartref",
    526: "Cynwysyddion gwastraff y cartref",
    528: "Casgliadau gwastraff swmpus y cartref",
    530: "Gwastraff gardd y cartref",
    557: "Cynnal a chadw ffyrdd",
    587: "Tipio anghyfreithlon",
    652: "Cyngor ar dai",
    828: "Rhestrau contractau",
    829: "Rheoli contractau",
    830: "Polisi caffael",
    832: "Mynd i'r ysbyty",
    833: "Gadael yr ysbyty",
    854: "Casgliadau gwastraff â chymorth",
    855: "Ymgynghori ar gynllunio",
    911: "Atgyfeiriadau tai",
    1737: "Cyngor cyn gwneud cais cynllunio",
    1747: "Gwiriadau iechyd",
    1756: "Asesiad ariannol gofal cymdeithasol",
}

#: Welsh names of licences that have one (the Open Government Licence is published in Welsh).
LICENCE_NAMES = {
    "OGL-UK-3.0": "Trwydded Llywodraeth Agored v3.0",
    "LicenseRef-Proprietary": "Perchnogol",
}

EXAMPLE_NOTE = "Cynnwys enghreifftiol."
EXAMPLE_FIGURE = "Ffigur enghreifftiol: "
EXAMPLE_METHOD = "Ffigur enghreifftiol ar gyfer y safle demo, nid canlyniad go iawn. "

#: The translator's work: each English string of the pages above, and its Welsh.
WELSH = {
    # Home page and sections
    "Factory Commons": "Factory Commons",
    "Open design patterns, service standards, methods and case studies from councils that build services "
    "together. Find what another council has already made, and reuse it.": "Patrymau dylunio agored, safonau "
    "gwasanaeth, dulliau ac astudiaethau achos gan gynghorau sy'n adeiladu gwasanaethau gyda'i gilydd. Dewch o "
    "hyd i'r hyn y mae cyngor arall wedi'i wneud yn barod, a'i ailddefnyddio.",
    "Patterns": "Patrymau",
    "Design patterns councils have used in live services. Copy them, adapt them and tell us what you learn.": (
        "Patrymau dylunio y mae cynghorau wedi'u defnyddio mewn gwasanaethau byw. Copïwch nhw, addaswch nhw a "
        "dywedwch wrthym beth rydych chi'n ei ddysgu."
    ),
    "Service standards": "Safonau gwasanaeth",
    "Service standards councils have adapted, and how each maps to the standard it came from.": (
        "Safonau gwasanaeth y mae cynghorau wedi'u haddasu, a sut mae pob un yn cyfateb i'r safon y daeth ohoni."
    ),
    "Methods": "Dulliau",
    "Ways of working council teams can pick up and follow, step by step.": (
        "Ffyrdd o weithio y gall timau cynghorau eu defnyddio a'u dilyn, gam wrth gam."
    ),
    "Local digital factories": "Ffatrïoedd digidol lleol",
    "Groups of councils that design, build and run services together, and what they plan next.": (
        "Grwpiau o gynghorau sy'n dylunio, adeiladu a rhedeg gwasanaethau gyda'i gilydd, a'r hyn maen nhw'n "
        "bwriadu ei wneud nesaf."
    ),
    "Case studies": "Astudiaethau achos",
    "What councils built together, what it cost, what it saved, and how sure they are of each figure.": (
        "Beth adeiladodd cynghorau gyda'i gilydd, faint gostiodd, faint arbedodd, a pha mor sicr ydyn nhw o bob "
        "ffigur."
    ),
    # Shared by the example pages
    "This is example content": "Cynnwys enghreifftiol yw hwn",
    "It was written to show how Factory Commons works. It is not a record of a real council's service, research "
    "or decision.": "Cafodd ei ysgrifennu i ddangos sut mae Factory Commons yn gweithio. Nid yw'n gofnod o "
    "wasanaeth, ymchwil na phenderfyniad go iawn gan gyngor.",
    "It was written to show how Factory Commons works. It is not a record of a real council's project, spending "
    "or savings.": "Cafodd ei ysgrifennu i ddangos sut mae Factory Commons yn gweithio. Nid yw'n gofnod o "
    "brosiect, gwariant nac arbedion go iawn gan gyngor.",
    "Published as example content for the demo.": "Cyhoeddwyd fel cynnwys enghreifftiol ar gyfer y demo.",
    # Pattern: Find your bin collection day
    "Find your bin collection day": "Dod o hyd i'ch diwrnod casglu biniau",
    "Let residents find their next bin collection days from their address, without phoning. Example content.": (
        f"Gadael i breswylwyr ddod o hyd i'w diwrnodau casglu biniau nesaf o'u cyfeiriad, heb ffonio. {EXAMPLE_NOTE}"
    ),
    "Use this when collection days differ by street and residents need to know theirs.": (
        "Defnyddiwch hwn pan fydd diwrnodau casglu'n wahanol o stryd i stryd a bod angen i breswylwyr wybod eu "
        "diwrnod nhw."
    ),
    "Do not use it if every household in the area has the same collection day.": (
        "Peidiwch â'i ddefnyddio os oes gan bob cartref yn yr ardal yr un diwrnod casglu."
    ),
    "Ask for the postcode, then show the addresses at that postcode. When the resident picks one, show the next "
    "collection for each bin, with the colour and what goes in it.": "Gofynnwch am y cod post, yna dangoswch y "
    "cyfeiriadau yn y cod post hwnnw. Pan fydd y preswylydd yn dewis un, dangoswch y casgliad nesaf ar gyfer pob "
    "bin, gyda'i liw a'r hyn sy'n mynd ynddo.",
    "Offer a calendar download and a reminder by email on the result page.": (
        "Cynigiwch galendr i'w lawrlwytho a nodyn atgoffa drwy e-bost ar y dudalen canlyniad."
    ),
    "Example: tested with 12 residents in two councils; all found their day in under a minute.": (
        "Enghraifft: profwyd gyda 12 o breswylwyr mewn dau gyngor; daeth pob un o hyd i'w diwrnod mewn llai na munud."
    ),
    "Give the bin colour in words as well as colour, and announce the result to screen readers.": (
        "Rhowch liw'r bin mewn geiriau yn ogystal â lliw, a chyhoeddwch y canlyniad i ddarllenwyr sgrin."
    ),
    "Addresses on new estates can be missing until the gazetteer is updated.": (
        "Gall cyfeiriadau ar ystadau newydd fod ar goll nes bydd y gasetiadur wedi'i ddiweddaru."
    ),
    "bin day, refuse collection day, rubbish day, recycling day, when are my bins collected": (
        "diwrnod bin, diwrnod casglu sbwriel, diwrnod sbwriel, diwrnod ailgylchu, pryd mae fy miniau'n cael eu casglu"
    ),
    "Illustrative link for the demo, not this council's live service.": (
        "Dolen enghreifftiol ar gyfer y demo, nid gwasanaeth byw y cyngor hwn."
    ),
    # Pattern: Separate house number and postcode fields
    "Separate house number and postcode fields": "Meysydd ar wahân ar gyfer rhif y tŷ a'r cod post",
    "Ask for the house number and the postcode in two fields to find an address. Example content.": (
        f"Gofyn am rif y tŷ a'r cod post mewn dau faes i ddod o hyd i gyfeiriad. {EXAMPLE_NOTE}"
    ),
    "Do not start using this pattern. It is kept so people who used it can see why it retired.": (
        "Peidiwch â dechrau defnyddio'r patrwm hwn. Mae'n cael ei gadw er mwyn i'r bobl a'i defnyddiodd weld pam y "
        "cafodd ei ymddeol."
    ),
    "Any new service.": "Unrhyw wasanaeth newydd.",
    "It asked for a house number and a postcode, then looked up one address.": (
        "Roedd yn gofyn am rif tŷ a chod post, yna'n chwilio am un cyfeiriad."
    ),
    "Example: one in ten residents had a house name, not a number.": (
        "Enghraifft: roedd gan un o bob deg preswylydd enw tŷ, nid rhif."
    ),
    "Fails for house names, flats and new builds.": "Nid yw'n gweithio i enwau tai, fflatiau a thai newydd.",
    "Retired: residents with house names could not find their address. Use the postcode lookup in 'Find your "
    "bin collection day' instead.": "Wedi'i ymddeol: nid oedd preswylwyr ag enwau tai yn gallu dod o hyd i'w "
    "cyfeiriad. Defnyddiwch y chwiliad cod post yn 'Dod o hyd i'ch diwrnod casglu biniau' yn lle hynny.",
    "house number lookup, address fields": "chwilio rhif tŷ, meysydd cyfeiriad",
    # The adapted standard
    "Local government service standard (example)": "Safon gwasanaeth llywodraeth leol (enghraifft)",
    "An illustration of how councils might adapt the GOV.UK Service Standard for services they build together. "
    "Example content.": "Enghraifft o sut y gallai cynghorau addasu Safon Gwasanaeth GOV.UK ar gyfer gwasanaethau "
    f"maen nhw'n eu hadeiladu gyda'i gilydd. {EXAMPLE_NOTE}",
    "This example adapts each of the 14 points of the GOV.UK Service Standard for council services, keeping one "
    "point for each. The crosswalk below shows how they map.": "Mae'r enghraifft hon yn addasu pob un o 14 pwynt "
    "Safon Gwasanaeth GOV.UK ar gyfer gwasanaethau cynghorau, gan gadw un pwynt ar gyfer pob un. Mae'r tabl "
    "cyfatebiaeth isod yn dangos sut maen nhw'n cyfateb.",
    "Every point is equivalent to the GOV.UK point with the same number.": (
        "Mae pob pwynt yn cyfateb i bwynt GOV.UK sydd â'r un rhif."
    ),
    "Understand residents and their needs": "Deall preswylwyr a'u hanghenion",
    "Services built on guesses fail the people who need them most.": (
        "Mae gwasanaethau sy'n seiliedig ar ddyfalu yn methu'r bobl sydd eu hangen fwyaf."
    ),
    "Do research with residents, including those who find council services hardest to use.": (
        "Gwnewch ymchwil gyda phreswylwyr, gan gynnwys y rhai sy'n ei chael hi anoddaf defnyddio gwasanaethau'r "
        "cyngor."
    ),
    "Show who you did research with and what you changed because of it.": (
        "Dangoswch gyda phwy y gwnaethoch ymchwil a beth wnaethoch ei newid o'i herwydd."
    ),
    "Solve a whole problem for residents": "Datrys problem gyfan i breswylwyr",
    "Residents do not see which council or team owns each step.": (
        "Nid yw preswylwyr yn gweld pa gyngor neu dîm sy'n gyfrifol am bob cam."
    ),
    "Map the whole journey, across councils and partners, and fix the steps that fail.": (
        "Mapiwch y daith gyfan, ar draws cynghorau a phartneriaid, a thrwsiwch y camau sy'n methu."
    ),
    "Show the journey map and the problems you fixed outside your own service.": (
        "Dangoswch fap y daith a'r problemau a drwsiwyd gennych y tu allan i'ch gwasanaeth eich hun."
    ),
    "Join up online, phone and face to face": "Cysylltu gwasanaethau ar-lein, dros y ffôn ac wyneb yn wyneb",
    "Residents switch channels, and should not start again.": (
        "Mae preswylwyr yn newid o un sianel i'r llall, ac ni ddylai fod rhaid iddyn nhw ddechrau eto."
    ),
    "Give contact centre staff the same service and information that residents see online.": (
        "Rhowch yr un gwasanaeth a'r un wybodaeth i staff y ganolfan gyswllt ag y mae preswylwyr yn eu gweld ar-lein."
    ),
    "Show how a case started online can be finished by phone or in person.": (
        "Dangoswch sut y gellir gorffen achos a ddechreuwyd ar-lein dros y ffôn neu wyneb yn wyneb."
    ),
    "Make the service simple to use": "Gwneud y gwasanaeth yn syml i'w ddefnyddio",
    "A service people struggle with costs more to run.": (
        "Mae gwasanaeth y mae pobl yn cael trafferth ag ef yn costio mwy i'w redeg."
    ),
    "Test the service with residents and make it work first time for most of them.": (
        "Profwch y gwasanaeth gyda phreswylwyr a gwnewch iddo weithio'r tro cyntaf i'r rhan fwyaf ohonyn nhw."
    ),
    "Show usability testing results and how completion has improved.": (
        "Dangoswch ganlyniadau profion defnyddioldeb a sut mae'r gyfradd gwblhau wedi gwella."
    ),
    "Make sure every resident can use the service": "Sicrhau bod pob preswylydd yn gallu defnyddio'r gwasanaeth",
    "Councils must serve everyone in the area.": "Rhaid i gynghorau wasanaethu pawb yn yr ardal.",
    "Meet accessibility regulations and provide help for people who cannot use the service online.": (
        "Bodlonwch y rheoliadau hygyrchedd a rhowch help i bobl na allan nhw ddefnyddio'r gwasanaeth ar-lein."
    ),
    "Show an accessibility audit and the support route for people offline.": (
        "Dangoswch archwiliad hygyrchedd a'r llwybr cymorth i bobl nad ydyn nhw ar-lein."
    ),
    "Have a multidisciplinary team": "Cael tîm amlddisgyblaethol",
    "One person cannot cover policy, design, technology and operations.": (
        "Ni all un person ymdrin â pholisi, dylunio, technoleg a gweithrediadau."
    ),
    "Bring together the skills needed, shared between councils where that helps.": (
        "Dewch â'r sgiliau sydd eu hangen at ei gilydd, gan eu rhannu rhwng cynghorau lle bo hynny'n helpu."
    ),
    "Show who is in the team, including people from partner councils.": (
        "Dangoswch pwy sydd yn y tîm, gan gynnwys pobl o gynghorau partner."
    ),
    "Use agile ways of working": "Defnyddio ffyrdd ystwyth o weithio",
    "Plans made up front miss what teams learn as they go.": (
        "Mae cynlluniau a wneir ymlaen llaw yn colli'r hyn y mae timau'n ei ddysgu wrth fynd yn eu blaen."
    ),
    "Work in short cycles, show the work often and change plans based on what you learn.": (
        "Gweithiwch mewn cylchoedd byr, dangoswch y gwaith yn aml a newidiwch gynlluniau yn ôl yr hyn rydych chi'n "
        "ei ddysgu."
    ),
    "Show how the plan changed because of what you learnt.": (
        "Dangoswch sut newidiodd y cynllun oherwydd yr hyn a ddysgoch chi."
    ),
    "Iterate and improve frequently": "Ailadrodd a gwella'n aml",
    "Needs and policy change after a service goes live.": (
        "Mae anghenion a pholisi'n newid ar ôl i wasanaeth fynd yn fyw."
    ),
    "Keep a team on the service after launch, and keep improving it.": (
        "Cadwch dîm ar y gwasanaeth ar ôl ei lansio, a daliwch ati i'w wella."
    ),
    "Show the changes made since the last assessment and why.": (
        "Dangoswch y newidiadau a wnaed ers yr asesiad diwethaf a pham."
    ),
    "Keep residents' data safe and private": "Cadw data preswylwyr yn ddiogel ac yn breifat",
    "Councils hold sensitive information about residents.": "Mae cynghorau'n cadw gwybodaeth sensitif am breswylwyr.",
    "Collect only what you need, protect it, and work with your data protection officer.": (
        "Casglwch ddim ond yr hyn sydd ei angen arnoch, diogelwch ef, a gweithiwch gyda'ch swyddog diogelu data."
    ),
    "Show the data protection impact assessment and security testing.": (
        "Dangoswch yr asesiad o'r effaith ar ddiogelu data a'r profion diogelwch."
    ),
    "Define success and publish performance data": "Diffinio llwyddiant a chyhoeddi data perfformiad",
    "Without measures, nobody knows if it works.": "Heb fesurau, does neb yn gwybod a yw'n gweithio.",
    "Agree what success means with residents and councillors, measure it and publish it.": (
        "Cytunwch beth yw ystyr llwyddiant gyda phreswylwyr a chynghorwyr, mesurwch ef a chyhoeddwch ef."
    ),
    "Show the measures, the data and where they are published.": (
        "Dangoswch y mesurau, y data a ble maen nhw'n cael eu cyhoeddi."
    ),
    "Choose tools and technology others can reuse": "Dewis offer a thechnoleg y gall eraill eu hailddefnyddio",
    "Councils often buy the same thing many times.": "Mae cynghorau'n aml yn prynu'r un peth sawl gwaith.",
    "Prefer open standards, shared platforms and contracts other councils can join.": (
        "Dewiswch safonau agored, platfformau a rennir a chontractau y gall cynghorau eraill ymuno â nhw."
    ),
    "Show how you chose the technology and how another council could reuse it.": (
        "Dangoswch sut y dewisoch chi'r dechnoleg a sut y gallai cyngor arall ei hailddefnyddio."
    ),
    "Make new source code open": "Gwneud cod ffynhonnell newydd yn agored",
    "Open code can be reused and checked by others.": "Gall eraill ailddefnyddio a gwirio cod agored.",
    "Publish new code in the open under an open licence, unless there is a clear reason not to.": (
        "Cyhoeddwch god newydd yn agored o dan drwydded agored, oni bai bod rheswm clir dros beidio."
    ),
    "Show where the code is published and under which licence.": (
        "Dangoswch ble mae'r cod wedi'i gyhoeddi ac o dan ba drwydded."
    ),
    "Use and contribute to open standards, common components and patterns": (
        "Defnyddio a chyfrannu at safonau agored, cydrannau cyffredin a phatrymau"
    ),
    "Shared patterns save each council from solving the same problem alone.": (
        "Mae patrymau a rennir yn arbed pob cyngor rhag datrys yr un broblem ar ei ben ei hun."
    ),
    "Use existing patterns from this collection, and publish what you learn back to it.": (
        "Defnyddiwch batrymau sy'n bodoli eisoes yn y casgliad hwn, a chyhoeddwch yr hyn rydych chi'n ei ddysgu yn "
        "ôl iddo."
    ),
    "Show which patterns you used and what you contributed.": (
        "Dangoswch pa batrymau a ddefnyddiwyd gennych a beth a gyfrannwyd gennych."
    ),
    "Operate a reliable service": "Gweithredu gwasanaeth dibynadwy",
    "Residents rely on council services at all hours.": (
        "Mae preswylwyr yn dibynnu ar wasanaethau'r cyngor ar bob awr o'r dydd a'r nos."
    ),
    "Plan for failure, monitor the service and agree who responds when it goes down.": (
        "Cynlluniwch ar gyfer methiant, monitrwch y gwasanaeth a chytunwch pwy sy'n ymateb pan fydd yn methu."
    ),
    "Show the monitoring, the support rota and how incidents are handled.": (
        "Dangoswch y monitro, y rota cymorth a sut mae digwyddiadau'n cael eu trin."
    ),
    # Method: Content crit
    "Content crit": "Adolygu cynnwys ar y cyd",
    "Review content in a small group, so it is clear and consistent before it is published. Example content.": (
        f"Adolygu cynnwys mewn grŵp bach, fel ei fod yn glir ac yn gyson cyn iddo gael ei gyhoeddi. {EXAMPLE_NOTE}"
    ),
    "Improve content by having other content designers question it.": (
        "Gwella cynnwys drwy ofyn i ddylunwyr cynnwys eraill ei herio."
    ),
    "This is example content, written for the demo.": (
        "Cynnwys enghreifftiol yw hwn, wedi'i ysgrifennu ar gyfer y demo."
    ),
    "Before publishing new content, or when a page causes calls or complaints.": (
        "Cyn cyhoeddi cynnwys newydd, neu pan fydd tudalen yn achosi galwadau neu gwynion."
    ),
    "the content designer who wrote it": "y dylunydd cynnwys a'i hysgrifennodd",
    "2 to 4 other content designers": "2 i 4 dylunydd cynnwys arall",
    "1 hour": "1 awr",
    "Changes to the content, and patterns worth sharing with other councils.": (
        "Newidiadau i'r cynnwys, a phatrymau sy'n werth eu rhannu â chynghorau eraill."
    ),
    "Share the content": "Rhannu'r cynnwys",
    "Send the draft and the user need it meets a day before.": (
        "Anfonwch y drafft a'r angen defnyddiwr y mae'n ei ddiwallu ddiwrnod ymlaen llaw."
    ),
    "15 minutes": "15 munud",
    "Crit": "Adolygu",
    "Read it aloud; everyone says what works and what does not.": (
        "Darllenwch ef yn uchel; mae pawb yn dweud beth sy'n gweithio a beth sydd ddim."
    ),
    "45 minutes": "45 munud",
    # Factory: Cymru Housing and Parking Collaborative
    "Cymru Housing and Parking Collaborative (example)": "Cydweithredfa Tai a Pharcio Cymru (enghraifft)",
    "Welsh councils with a track record of shared services, now building housing and parking services. "
    "Example content.": "Cynghorau yng Nghymru sydd â hanes o rannu gwasanaethau, ac sydd bellach yn adeiladu "
    f"gwasanaethau tai a pharcio. {EXAMPLE_NOTE}",
    "Built on years of shared back-office services, the collaborative designs services in Welsh and English from "
    "the start and publishes everything it makes.": "Ar sail blynyddoedd o rannu gwasanaethau swyddfa gefn, mae'r "
    "gydweithredfa'n dylunio gwasanaethau yn Gymraeg ac yn Saesneg o'r dechrau ac yn cyhoeddi popeth y mae'n ei "
    "wneud.",
    "Collaborative lead (example)": "Arweinydd y gydweithredfa (enghraifft)",
    "Homelessness prevention triage": "Brysbennu i atal digartrefedd",
    "Blue badge renewals in Welsh and English": "Adnewyddu bathodynnau glas yn Gymraeg ac yn Saesneg",
    "A council that has tested a bilingual form with residents.": (
        "Cyngor sydd wedi profi ffurflen ddwyieithog gyda phreswylwyr."
    ),
    # Shared by the case studies
    "Before this work, the service depended on paper, phone calls and re-keying, and each council did it "
    "differently. Residents and staff told us the same things in every council.": "Cyn y gwaith hwn, roedd y "
    "gwasanaeth yn dibynnu ar bapur, galwadau ffôn ac ail-deipio, ac roedd pob cyngor yn ei wneud yn wahanol. "
    "Dywedodd preswylwyr a staff yr un pethau wrthym ym mhob cyngor.",
    "The partners ran one discovery together, then built and tested with residents and the staff who run the "
    "service in each council, releasing in small steps.": "Cynhaliodd y partneriaid un cam darganfod gyda'i "
    "gilydd, yna aethant ati i adeiladu a phrofi gyda phreswylwyr a'r staff sy'n rhedeg y gwasanaeth ym mhob "
    "cyngor, gan ryddhau fesul cam bach.",
    "Agree one way of working before the first sprint, and test in every partner council.": (
        "Cytunwch ar un ffordd o weithio cyn y sbrint cyntaf, a phrofwch ym mhob cyngor partner."
    ),
    "Read the code and the research, then talk to the lead council about joining or copying it. This is example "
    "content: there is nothing real to reuse.": "Darllenwch y cod a'r ymchwil, yna siaradwch â'r cyngor arweiniol "
    "am ymuno neu ei gopïo. Cynnwys enghreifftiol yw hwn: does dim byd go iawn i'w ailddefnyddio.",
    # Case study: Report a housing repair
    "Report a housing repair (example)": "Rhoi gwybod am waith trwsio tai (enghraifft)",
    "Tenants report a repair in Welsh or English and book an appointment in the same visit. Example content.": (
        "Mae tenantiaid yn rhoi gwybod am waith trwsio yn Gymraeg neu yn Saesneg ac yn trefnu apwyntiad yn yr un "
        f"ymweliad. {EXAMPLE_NOTE}"
    ),
    "Welsh Government digital fund (example)": "Cronfa ddigidol Llywodraeth Cymru (enghraifft)",
    "Example figure: Repairs line calls": f"{EXAMPLE_FIGURE}Galwadau i'r llinell trwsio",
    "12,000 repair calls a year at £4 a call.": "12,000 o alwadau trwsio y flwyddyn ar £4 yr alwad.",
    "Illustrative figure for the demo site, not a real result. Calls moved online times the cost per call, from "
    "the audited contact centre figures.": f"{EXAMPLE_METHOD}Nifer y galwadau a symudodd ar-lein wedi'i luosi â "
    "chost pob galwad, o ffigurau archwiliedig y ganolfan gyswllt.",
    "Example figure: Appointments kept": f"{EXAMPLE_FIGURE}Apwyntiadau a gadwyd",
    "Fewer wasted visits when nobody is in.": "Llai o ymweliadau ofer pan nad oes neb gartref.",
    "No-access visits down from 14% to 6%": "Ymweliadau heb fynediad i lawr o 14% i 6%",
    "14% of repair visits found nobody at home.": "Doedd neb gartref mewn 14% o ymweliadau trwsio.",
    "Illustrative figure for the demo site, not a real result. Repairs system records, six months before and "
    "after.": f"{EXAMPLE_METHOD}Cofnodion y system trwsio, chwe mis cyn ac ar ôl.",
    "Example figure: Build to live": f"{EXAMPLE_FIGURE}O adeiladu i fynd yn fyw",
    "Illustrative figure for the demo site, not a real result. Programme accounts.": (
        f"{EXAMPLE_METHOD}Cyfrifon y rhaglen."
    ),
    # Case study: Blue badge applications in Welsh and English
    "Blue badge applications in Welsh and English (example)": (
        "Ceisiadau am fathodyn glas yn Gymraeg ac yn Saesneg (enghraifft)"
    ),
    "A bilingual blue badge form that asks for evidence once and tells people what happens next. "
    "Example content.": "Ffurflen bathodyn glas ddwyieithog sy'n gofyn am dystiolaeth unwaith ac sy'n dweud wrth "
    f"bobl beth fydd yn digwydd nesaf. {EXAMPLE_NOTE}",
    "Swansea and Newport (example)": "Abertawe a Chasnewydd (enghraifft)",
    "Example figure: Incomplete applications chased": f"{EXAMPLE_FIGURE}Mynd ar drywydd ceisiadau anghyflawn",
    "40% of paper applications came in without the evidence needed.": (
        "Daeth 40% o geisiadau papur i mewn heb y dystiolaeth angenrheidiol."
    ),
    "Illustrative figure for the demo site, not a real result. Chasing letters avoided times their cost, "
    "checked by the other partner.": f"{EXAMPLE_METHOD}Nifer y llythyrau atgoffa na fu eu hangen wedi'i luosi â'u "
    "cost, wedi'i wirio gan y partner arall.",
}


def translate(instance, locale, strings, user=None):
    """Translate `instance` into `locale` through wagtail-localize, as a translator would.

    `strings` maps each English string to its translation; a string it does
    not hold keeps the English (wagtail-localize's fallback), as a code
    example should. A page is saved as a draft and then published, as the
    translator does with "Publish" in the editor; other objects are saved.
    Returns (the translated instance, the English strings left as they were).
    """
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    untranslated = []
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text is None:
            untranslated.append(segment.string.data)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )
    is_page = isinstance(instance, Page)
    # A page's translation is a draft until it is published; a snippet without drafts is saved as it is.
    translation.save_target(user=user, publish=not is_page)
    target = translation.get_target_instance()
    if is_page:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target, untranslated


def welsh_version(page, locale):
    """The page's version in `locale`, or None; an alias standing in for a translation counts as None."""
    version = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    return version if version is not None and version.alias_of_id is None else None


@transaction.atomic
@indexes_updated_at_the_end()
def load_welsh_demo(home_page):
    """Translate the demo pages, service areas and licences into Welsh. Returns the number of items translated."""
    english, welsh = Locale.get_default(), Locale.objects.get(language_code="cy")
    translated = 0

    for area in ServiceArea.objects.filter(locale=english, lgsl_code__in=SERVICE_AREA_LABELS).order_by("lgsl_code"):
        if not area.has_translation(welsh):
            translate(area, welsh, {area.label: SERVICE_AREA_LABELS[area.lgsl_code]})
            translated += 1
    for licence in Licence.objects.filter(locale=english, spdx_id__in=LICENCE_NAMES).order_by("spdx_id"):
        if not licence.has_translation(welsh):
            translate(licence, welsh, {licence.name: LICENCE_NAMES[licence.spdx_id]})
            translated += 1

    for path in TRANSLATED_PAGES:
        page = _page_at(home_page, path)
        if page is None or welsh_version(page, welsh) is not None:
            continue
        translate(page.specific, welsh, WELSH)
        translated += 1
    return translated


def _page_at(home_page, path):
    """The page at `path` (slugs below the home page), or None when the demo did not make it."""
    page = home_page
    for slug in filter(None, path.split("/")):
        page = page.get_children().filter(slug=slug).first()
        if page is None:
            return None
    return page
