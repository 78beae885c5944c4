"""Short prose in the languages the corpus lacks, for the encoding matrix.

Written for this test suite (original prose, no copyright claimed), except the
Traditional Chinese block, which opens with Tao Yuanming's 桃花源記 (5th century,
public domain). Each text is a few paragraphs of ordinary narrative prose of the
kind a reader would open, with the language's own letters and punctuation, so
that a detector sees what a real book in that language and code page looks like.

The matrix generator cycles each text to :data:`OWN_TEXT_SIZE` characters
(see :mod:`tests.text.encoding_matrix`).
"""

from __future__ import annotations

GREEK = """\
Το καλοκαίρι εκείνο η θάλασσα ήταν πιο ήρεμη από κάθε άλλη χρονιά. Κάθε πρωί ο γέρος \
ψαράς κατέβαινε στο λιμάνι πριν ανατείλει ο ήλιος, έλυνε τη βάρκα του και έβγαινε πέρα \
από τον κάβο, εκεί όπου τα νερά σκουραίνουν και τα δελφίνια παίζουν ανάμεσα στα κύματα.

Η γυναίκα του τον περίμενε στο κατώφλι με ένα φλιτζάνι καφέ, όπως έκανε σαράντα χρόνια \
τώρα, και κοίταζε τον ορίζοντα χωρίς να λέει τίποτα. Όταν η βάρκα φάνηκε πίσω από τα \
βράχια, σηκωνόταν αργά, τίναζε την ποδιά της και κατέβαινε τα σκαλιά ως την προβλήτα.

«Πώς πήγε σήμερα;» τον ρωτούσε πάντα.
«Όπως πάντα», απαντούσε εκείνος. «Η θάλασσα δίνει όσα θέλει εκείνη, όχι όσα θέλουμε εμείς.»

Άλλοτε γύριζε με γεμάτα δίχτυα και άλλοτε με άδεια χέρια, αλλά ποτέ δεν παραπονέθηκε. Τα \
βράδια καθόταν στην αυλή κάτω από την κληματαριά, έπλεκε τα δίχτυα του και μιλούσε στα \
εγγόνια του για τα νησιά που είχε δει στα νιάτα του, για τις καταιγίδες του χειμώνα και \
για έναν φάρο που κάποτε έσβησε μια νύχτα χωρίς φεγγάρι. Τα παιδιά άκουγαν με ορθάνοιχτα \
μάτια, και όταν τελικά τα έπαιρνε ο ύπνος, η γιαγιά τα σκέπαζε με μια κουβέρτα από μαλλί \
προβάτου που είχε υφάνει η ίδια.

Ένα φθινόπωρο ήρθε στο χωριό ένας νεαρός δάσκαλος από την Αθήνα. Ήταν ψηλός και αδύνατος, \
φορούσε γυαλιά και κρατούσε πάντα ένα βιβλίο κάτω από τη μασχάλη. Οι γυναίκες του χωριού \
τον λυπήθηκαν από την πρώτη μέρα, γιατί έμοιαζε πεινασμένος, και του έφερναν ψωμί, τυρί και \
ελιές. Εκείνος ευχαριστούσε ευγενικά, χαμογελούσε αμήχανα και υποσχόταν ότι θα μάθει στα \
παιδιά τους γράμματα, ιστορία και γεωγραφία, ώστε μια μέρα να ταξιδέψουν πιο μακριά κι από \
τον γέρο ψαρά.
"""

TURKISH = """\
Sabah erkenden yola çıktık. Köyün ardındaki tepeyi aştığımızda güneş henüz doğmamıştı ve \
vadinin üzerinde ince bir sis tabakası duruyordu. Dedem önde yürüyordu; elinde yıllardır \
taşıdığı ceviz ağacından bastonu vardı. Arada bir durup bana eski zamanları anlatıyordu: \
değirmenin nasıl yandığını, ırmağın bir kış gecesi taşıp köprüyü nasıl alıp götürdüğünü, \
İstanbul'a giden ilk otobüsün köy meydanına geldiği günü.

Öğleye doğru çamların arasındaki küçük bir çeşmenin başında mola verdik. Dedem heybesinden \
peynir, zeytin, bir parça ekmek ve iki domates çıkardı. Suyun sesi, kuşların ötüşü ve \
rüzgârın yapraklar arasındaki hışırtısından başka hiçbir ses yoktu. “Burası,” dedi dedem, \
“benim çocukken en sevdiğim yerdi. Babam beni buraya getirir, ağaçların adlarını öğretirdi.”

Akşamüstü yaylaya vardığımızda çobanlar sürüleri ağıla topluyordu. Yaşlı bir kadın bizi \
çadırına davet etti, önümüze bir tas ayran ve sıcak gözleme koydu. Konuşmalarından pek \
azını anlayabiliyordum; sözcükleri başka türlü söylüyor, cümlelerini şarkı söyler gibi \
uzatıyorlardı. Gece olunca gökyüzü öyle çok yıldızla doldu ki, şehirde büyümüş biri olarak \
gözlerime inanamadım. Dedem sırtını bir kayaya dayadı, gözlerini kapadı ve uzun süre hiç \
konuşmadı. Sonra yavaşça, “İnsan ne kadar uzağa giderse gitsin, bir gün döner,” dedi.

Ertesi sabah dönüş yoluna düştüğümüzde içimde tuhaf bir hüzün vardı. Işık vadinin öbür \
yamacındaki köyleri tek tek aydınlatırken, çocuklar okul yolunda koşuşuyor, kadınlar \
bahçelerde çalışıyordu. Ağır adımlarla yürüdük ve akşam ezanı okunurken evin kapısından girdik.
"""

HEBREW = """\
בבוקר ההוא ירד גשם קל על העיר. שרה יצאה מהבית מוקדם מהרגיל, עטופה במעיל הישן של אביה, \
והלכה לאורך הרחוב הצר אל עבר השוק. הדוכנים עוד היו סגורים, ורק המאפייה שבפינה הפיצה ריח \
של לחם חם. היא עצרה ליד החלון והביטה פנימה: האופה, איש זקן עם זקן לבן, סידר את הכיכרות על \
המדף בתנועות איטיות וזהירות, כאילו כל כיכר הייתה דבר יקר מאוד.

כשנכנסה, צלצל הפעמון שמעל הדלת. האופה הרים את עיניו וחייך אליה. "בוקר טוב, ילדה," אמר. \
"את מקדימה היום. קרה משהו?" שרה משכה בכתפיה ואמרה שלא הצליחה לישון. הוא לא שאל יותר, \
רק עטף בשבילה לחמנייה חמה בנייר חום והגיש לה אותה מעבר לדלפק.

היא ישבה על הספסל שמחוץ למאפייה ואכלה לאט, מסתכלת על האנשים שהתחילו למלא את הרחוב. \
אישה עם סל ירקות, שני ילדים בדרך לבית הספר, רוכב אופניים שצלצל בפעמון בלי סיבה. העיר \
התעוררה סביבה, ולרגע נדמה היה לה שהכול יהיה בסדר. היא חשבה על המכתב שקיבלה אתמול, על \
המילים הקצרות והיבשות שבו, ועל ההחלטה שתצטרך לקבל עד סוף השבוע.

בערב חזרה הביתה דרך הגן הציבורי. העצים היו רטובים, והאור הצהוב של הפנסים נשבר בשלוליות. \
ליד הבריכה ישב זקן והאכיל יונים בפירורי לחם. היא התיישבה לא רחוק ממנו, והם שתקו יחד זמן \
רב. לבסוף קמה, ניגבה את ידיה במעיל והלכה הביתה, יודעת סוף סוף מה עליה לעשות.
"""

ARABIC = """\
في صباح ذلك اليوم خرج الصياد العجوز من بيته قبل طلوع الشمس، وسار على الشاطئ حتى وصل إلى \
قاربه الصغير. كان البحر هادئا، والسماء صافية إلا من بعض الغيوم البيضاء في الأفق البعيد. \
جلس على حافة القارب ينظر إلى الماء، وتذكر الأيام التي كان يخرج فيها مع أبيه وهو صبي صغير، \
حين كان يتعلم كيف يربط الحبال ويرمي الشباك ويقرأ لون الموج.

قال له أبوه ذات مرة: البحر لا يعطي من يستعجل، فاصبر يا بني. ولم يفهم الصبي هذه الكلمات \
إلا بعد سنوات طويلة، عندما صار يخرج وحده في الليالي الباردة ويعود أحيانا بلا شيء. لكنه \
لم يترك البحر قط، ولم يفكر يوما في أن يعمل في المدينة مثل إخوته.

في ذلك الصباح دفع القارب إلى الماء وجدف ببطء نحو الصخور البعيدة. كانت طيور النورس تحلق \
فوقه وتصيح، والريح الخفيفة تحمل رائحة الملح والطحالب. ألقى شبكته وانتظر. مرت ساعة ثم \
ساعتان، والشمس ترتفع في السماء، والماء يلمع تحتها كأنه مرآة كبيرة.

وعند الظهر شعر بثقل في الشبكة، فسحبها بكل ما بقي في ذراعيه من قوة. كانت مليئة بالسمك \
الفضي الذي يلمع ويقفز. ضحك العجوز وحده في وسط البحر، ورفع رأسه إلى السماء وشكر ربه. ثم \
عاد إلى الشاطئ حيث كان الأطفال ينتظرونه كعادتهم، فأعطى كل واحد منهم سمكة، وحمل الباقي إلى \
السوق. وفي المساء جلس أمام بيته يشرب الشاي ويحكي لجيرانه قصة يومه، فهل صدقوه؟ لا أحد يعرف.
"""

KOREAN = """\
그날 아침 할머니는 일찍 일어나 마당을 쓸었다. 밤새 내린 눈이 장독대 위에 소복이 쌓여 \
있었고, 처마 끝에는 고드름이 길게 매달려 있었다. 나는 이불 속에서 빗자루 소리를 들으며 \
조금 더 누워 있고 싶었지만, 부엌에서 풍겨 오는 된장국 냄새에 결국 몸을 일으켰다.

아침을 먹고 나서 할머니는 나를 데리고 장에 갔다. 읍내까지는 걸어서 한 시간이 넘는 \
길이었다. 논두렁은 하얗게 얼어 있었고, 멀리 보이는 산은 안개에 싸여 있었다. 할머니는 \
걸으면서 옛날이야기를 들려주셨다. 어릴 적 전쟁을 피해 이 마을로 왔던 일, 처음 할아버지를 \
만났던 봄날, 그리고 아버지가 태어나던 해의 큰 홍수에 관한 이야기였다.

장터는 사람들로 붐볐다. 생선 장수는 큰 소리로 손님을 불렀고, 떡집 앞에는 김이 모락모락 \
피어올랐다. 할머니는 마른 고추와 참기름을 사시고, 나에게는 따뜻한 호떡을 하나 사 주셨다. \
나는 호떡을 두 손으로 감싸 쥐고 천천히 먹었다. 설탕이 녹아 손가락에 묻었지만 상관없었다.

돌아오는 길에 해가 기울기 시작했다. 할머니는 조금 지친 듯 자주 쉬었지만 한 번도 힘들다는 \
말은 하지 않으셨다. 마을 어귀에 다다랐을 때, 저녁 연기가 집집마다 굴뚝에서 올라오고 \
있었다. 그날 밤 나는 할머니 옆에 누워 오래도록 잠들지 못했다. 언젠가 나도 누군가에게 \
오늘의 이야기를 들려줄 수 있을까 생각하면서.
"""

TRADITIONAL_CHINESE = """\
晉太元中，武陵人捕魚為業。緣溪行，忘路之遠近。忽逢桃花林，夾岸數百步，中無雜樹，芳草鮮美，\
落英繽紛。漁人甚異之。復前行，欲窮其林。

林盡水源，便得一山，山有小口，彷彿若有光。便捨船，從口入。初極狹，纔通人。復行數十步，\
豁然開朗。土地平曠，屋舍儼然，有良田美池桑竹之屬。阡陌交通，雞犬相聞。其中往來種作，男女\
衣著，悉如外人。黃髮垂髫，並怡然自樂。

見漁人，乃大驚，問所從來，具答之。便要還家，設酒殺雞作食。村中聞有此人，咸來問訊。自云\
先世避秦時亂，率妻子邑人來此絕境，不復出焉，遂與外人間隔。問今是何世，乃不知有漢，無論\
魏晉。此人一一為具言所聞，皆歎惋。餘人各復延至其家，皆出酒食。停數日，辭去。此中人語云：\
「不足為外人道也。」

既出，得其船，便扶向路，處處誌之。及郡下，詣太守，說如此。太守即遣人隨其往，尋向所誌，\
遂迷，不復得路。南陽劉子驥，高尚士也，聞之，欣然規往，未果，尋病終。後遂無問津者。

那年冬天，外婆從鄉下搬來城裡與我們同住。她帶來一隻舊木箱，裡面裝滿了曬乾的菜葉、幾件\
褪色的衣裳，還有一本翻得發黃的老相冊。每天傍晚，她總坐在窗邊，一邊剝花生，一邊給我講她\
年輕時的故事：村口的大榕樹、河上的渡船、過年時滿街的燈籠。我常常聽著聽著就睡著了，醒來\
時身上總蓋著她的外套。

後來我到外地念書，每次放假回家，外婆都站在巷口等我。她的背一年比一年彎，頭髮也一年比一年\
白，可是她煮的湯，味道從來沒有變過。有一回我問她，為什麼總是那麼早就出來等。她笑了笑，說：\
「人老了，睡得少，等著等著，日子就過去了。」
"""

POLISH = """\
Tego lata wróciłem do wsi, w której spędziłem dzieciństwo. Dom dziadków stał jeszcze na \
skraju lasu, choć dach zapadł się w kilku miejscach, a ogród zarósł pokrzywami i dziką \
różą. Usiadłem na ławce przed gankiem i przez długą chwilę słuchałem, jak wiatr porusza \
gałęziami starej gruszy. Pamiętałem, że babcia zbierała z niej owoce do wielkiego \
wiklinowego kosza, a potem przez cały wrzesień w kuchni pachniało konfiturami.

Sąsiadka, pani Zofia, poznała mnie od razu, chociaż nie widzieliśmy się ponad dwadzieścia \
lat. Wyszła zza płotu w fartuchu i chustce, wytarła ręce i uściskała mnie tak mocno, że \
zabrakło mi tchu. „Jakiś ty podobny do ojca”, powiedziała, a w jej oczach błysnęły łzy. \
Zaprosiła mnie na obiad: był żurek z jajkiem, ziemniaki z koperkiem i kompot z wiśni.

Po obiedzie poszliśmy nad jezioro. Woda była ciemna i spokojna, tylko przy brzegu kołysały \
się trzciny. Pani Zofia opowiadała o ludziach, których pamiętałem jak przez mgłę: o \
kowalu, który grał na skrzypcach na każdym weselu, o nauczycielce, która uczyła trzy \
pokolenia dzieci, o młynarzu, który pewnej zimy zniknął bez śladu. Słuchałem i czułem, że \
ta wieś żyje we mnie bardziej, niż przypuszczałem.

Wieczorem zapaliłem lampę w pustej kuchni dziadków. Na półce wciąż stały słoiki z \
wyblakłymi etykietami, a na ścianie wisiał kalendarz sprzed wielu lat. Otworzyłem okno, \
wpuściłem chłodne powietrze i długo nie mogłem zasnąć. Rano postanowiłem, że zostanę \
dłużej, niż planowałem, i naprawię przynajmniej dach.
"""

CZECH = """\
Toho podzimu přijel do našeho městečka cizinec. Nikdo nevěděl, odkud přišel ani proč se \
rozhodl zůstat právě u nás. Najal si malý pokoj nad hostincem U Zlatého jelena a každé \
ráno chodil na dlouhé procházky podél řeky. Děti se ho zpočátku bály, protože nosil černý \
kabát a široký klobouk, ale brzy zjistily, že má v kapsách vždycky hrst bonbonů a že umí \
vyprávět ty nejpodivuhodnější příběhy o dalekých zemích.

Paní Nováková, která vedla pekárnu na náměstí, tvrdila, že je to bývalý námořník. Starý \
pan učitel si zase myslel, že je to spisovatel, který hledá klid pro svou novou knihu. \
Hostinský o něm neřekl nic, jen krčil rameny a říkal, že host platí včas a nedělá hluk. \
„Víc od člověka chtít nemůžu,“ dodával vždycky a utíral sklenice.

Jednoho večera, když venku pršelo a v hostinci sedělo jen pár štamgastů, cizinec vstal, \
přistoupil ke starému klavíru v rohu a začal hrát. Hrál tiše a pomalu, melodii, kterou \
nikdo z nás nikdy neslyšel. Všichni ztichli. Hostinský přestal utírat sklenice a i pes \
pod stolem zvedl hlavu. Když dohrál, chvíli bylo úplné ticho, a potom někdo začal tleskat.

Na jaře cizinec odjel stejně nenápadně, jako přijel. Na stole ve svém pokoji nechal \
obálku s nájemným za celý měsíc navíc a krátký dopis, ve kterém děkoval městečku za \
laskavost. Děti ho ještě dlouho vyhlížely na mostě u řeky, ale už se nikdy nevrátil.
"""

UKRAINIAN = """\
Того ранку над селом стояв густий туман. Дід Іван вийшов на ґанок, запалив люльку й довго \
дивився на річку, що ледь проступала крізь сиву імлу. Його онука Оксана ще спала, \
згорнувшись під ковдрою, яку бабуся вишила червоними й чорними нитками багато років тому. \
У хаті пахло свіжим хлібом і сушеними яблуками, а на підвіконні дрімав старий рудий кіт, \
якого всі звали Гетьманом.

Коли туман розвіявся, дід узяв вудки й гукнув онуку. Вона вибігла босоніж, з розпатланим \
волоссям, і вони разом пішли стежкою через сад до берега. Дорогою дід розповідав їй про \
те, як колись у цій річці водилися такі великі соми, що їх боялися навіть дорослі \
рибалки, і як його батько одного разу витягнув рибину, більшу за самого себе.

Оксана слухала і сміялася, бо не знала, вірити чи ні. На березі вони сіли на старий \
поміст, закинули вудки і довго мовчали. Сонце піднімалося все вище, вода виблискувала, \
над очеретом кружляли бабки. Раптом поплавець Оксани смикнувся і пірнув під воду. Вона \
скрикнула, потягла вудку, і на гачку затріпотів маленький срібний окунь.

Дід засміявся так голосно, що з верби злетіли горобці. Він сказав, що це найкраща риба, \
яку будь-хто в їхній родині будь-коли спіймав, і що її треба відпустити, щоб вона виросла \
й розповіла іншим рибам про сміливу дівчинку. Оксана подумала, кивнула й обережно \
відпустила окуня у воду. Додому вони поверталися з порожніми руками, але щасливі.
"""

FRENCH_OE = """\
Le cœur serré, Hélène referma la porte derrière elle. Sa sœur l'attendait au bout de \
l'allée, un panier à la main, et lui fit signe de se dépêcher : le train de huit heures ne \
les attendrait pas. Dans le wagon, elles trouvèrent deux places près de la fenêtre. Le \
paysage défilait, les champs de blé, les villages aux toits d'ardoise, une église, un œil \
de bœuf sur une façade blanche.

« Tu crois qu'il sera là ? » demanda-t-elle. Sa sœur haussa les épaules et regarda \
ailleurs. Le billet leur avait coûté vingt euros chacune, 20 € qu'elles avaient \
économisés pendant tout l'hiver, sou après sou, en vendant des œufs au marché du samedi.

À Rouen, la gare était pleine de monde. Un homme en manteau gris leur fit un signe de la \
main, hésita, puis s'avança vers elles. Hélène reconnut d'abord sa démarche, ensuite son \
sourire, et enfin la petite cicatrice au-dessus de l'œil gauche. Elle ne dit rien. Il ne \
dit rien non plus. Ce fut sa sœur qui, la première, éclata de rire et les prit tous les \
deux par le bras pour les entraîner vers le café d'en face.

On leur servit du chocolat chaud et des tartines beurrées. Dehors, il commençait à \
pleuvoir, et les passants pressaient le pas sous leurs parapluies. Ils parlèrent longtemps, \
de tout et de rien, de la ferme, des voisins, de l'hiver qui avait été si rude. Quand vint \
l'heure du dernier train, personne n'avait envie de partir.
"""

OWN_TEXTS: dict[str, tuple[str, str]] = {
    # id: (language, text)
    "el_fisherman": ("Greek", GREEK),
    "tr_highlands": ("Turkish", TURKISH),
    "he_bakery": ("Hebrew", HEBREW),
    "ar_fisherman": ("Arabic", ARABIC),
    "ko_market": ("Korean", KOREAN),
    "zh_hant_peach_blossom": ("Traditional Chinese", TRADITIONAL_CHINESE),
    "pl_village": ("Polish", POLISH),
    "cs_stranger": ("Czech", CZECH),
    "uk_river": ("Ukrainian", UKRAINIAN),
    "fr_oe_train": ("French (œ, €)", FRENCH_OE),
}
