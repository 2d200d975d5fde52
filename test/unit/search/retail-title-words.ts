// Word → document frequency for the demo catalog's titles: every letter-only word of the
// UCI Online Retail product titles (../shared/data/online-retail.csv.gz), counted once per stock
// code (product codes only, as workers/demo-data/retail-rules.ts tells them), the title being
// the code's most common description without a dangling comma. Split on non-alphanumerics and
// lower-cased like the index; words with digits left out. 2033 words, most frequent first. A
// derived statistic (no rows, prices or customers), not the data set.
export const RETAIL_TITLE_WORDS: ReadonlyMap<string, number> = new Map(
  `
set:358 pink:319 blue:229 of:229 heart:219 vintage:201 red:197 glass:165 bag:159 white:147
christmas:146 box:130 design:119 flower:115 small:109 holder:107 metal:107 t:106 light:105 black:104
green:104 necklace:103 candle:100 rose:98 hanging:96 large:96 decoration:95 retrospot:94 silver:93
card:85 cake:83 paper:78 and:76 wall:76 with:76 bracelet:73 in:72 garden:71 earrings:69 mug:69
pack:68 cover:66 polkadot:66 sign:65 ivory:62 wrap:60 assorted:59 art:58 crystal:58 egg:58 tree:58
mini:56 s:55 love:53 star:53 tea:53 bowl:52 cards:52 cream:52 cushion:52 gift:52 mirror:49 w:49
easter:48 ring:47 wooden:47 zinc:47 frame:46 bird:43 clock:43 party:43 ceramic:42 gold:42 french:41
hook:41 paisley:41 bead:40 bottle:40 candles:40 garland:40 purple:40 tin:40 butterfly:39 charm:39
diamante:39 key:38 wood:38 dolly:37 photo:37 enamel:36 lights:36 tray:36 antique:35 felt:35 girl:35
round:35 colour:34 fairy:34 sweetheart:33 cup:32 jar:32 spaceboy:32 stand:32 tile:32 drawer:31
drop:31 hearts:31 letter:31 notebook:31 painted:31 birthday:29 plate:29 hot:28 rabbit:28 retro:28
cases:27 cutlery:27 doormat:27 flock:27 hair:27 kit:27 union:27 water:27 flowers:26 home:26
kitchen:26 table:26 woodland:26 baroque:25 bling:25 childrens:25 chocolate:25 gingham:25 incense:25
jumbo:25 magic:25 pantry:25 shell:25 yellow:25 cabinet:24 daisy:24 feltcraft:24 purse:24 spot:24
tube:24 dog:23 door:23 lunch:23 magnets:23 storage:23 sweet:23 babushka:22 basket:22 bunny:22
coffee:22 number:22 pencils:22 pot:22 reel:22 strawberry:22 wire:22 book:21 jack:21 knob:21
london:21 on:21 ribbon:21 tins:21 trinket:21 cat:20 hand:20 leaf:20 pen:20 skull:20 skulls:20
wicker:20 acrylic:19 dinner:19 dish:19 i:19 ribbons:19 stickers:19 beads:18 bunting:18 doily:18
floral:18 hanger:18 lantern:18 lola:18 pearl:18 square:18 style:18 tape:18 warmer:18 ball:17 bell:17
charlie:17 cherry:17 classic:17 jam:17 new:17 regency:17 shape:17 tissues:17 toy:17 travel:17
bells:16 blossom:16 botanical:16 boxes:16 can:16 cosy:16 english:16 hen:16 jewelled:16 phone:16
the:16 amethyst:15 bathroom:15 beaded:15 chick:15 cottage:15 decorative:15 greeting:15 honeycomb:15
jigsaw:15 lace:15 parasol:15 rack:15 scented:15 string:15 wreath:15 amber:14 baking:14 brown:14
candy:14 childs:14 folding:14 folkart:14 font:14 food:14 fruit:14 handbag:14 images:14 medium:14
orange:14 pan:14 picture:14 umbrella:14 alphabet:13 apples:13 apron:13 chunky:13 craft:13
doorstop:13 edwardian:13 lavender:13 milk:13 money:13 pendant:13 picnic:13 pocket:13 sewing:13
slate:13 soft:13 tidy:13 time:13 towel:13 traditional:13 victorian:13 wallet:13 ant:12 boudicca:12
chain:12 circus:12 cotton:12 crochet:12 doilies:12 filigree:12 funky:12 happy:12 house:12
mirrored:12 natural:12 orbit:12 parade:12 stars:12 sticker:12 tissue:12 baby:11 breakfast:11
cakes:11 curtain:11 diner:11 dinosaur:11 doll:11 embroidered:11 feather:11 for:11 glaze:11 hoop:11
letters:11 luggage:11 napkin:11 napkins:11 oval:11 plant:11 print:11 single:11 stripe:11 tall:11
triple:11 watering:11 your:11 a:10 big:10 bin:10 candleholder:10 charlotte:10 charms:10 clear:10
cluster:10 coaster:10 frutti:10 frying:10 glitter:10 jewel:10 keep:10 lamp:10 lampshade:10 m:10
mobile:10 multicolour:10 murano:10 office:10 own:10 pastel:10 pencil:10 playing:10 rustic:10
saucer:10 scent:10 sketchbook:10 soap:10 tag:10 tier:10 top:10 treasure:10 tutti:10 vanilla:10
artificial:9 asstd:9 b:9 beach:9 beaker:9 biscuit:9 board:9 calendar:9 chicks:9 container:9 copper:9
decorations:9 drawing:9 fabric:9 fire:9 flag:9 fridge:9 frog:9 fuschia:9 giant:9 jug:9 marker:9
measuring:9 morris:9 origami:9 p:9 pad:9 pair:9 shelf:9 snack:9 teatime:9 toadstool:9 up:9 angel:8
bauble:8 brooch:8 bucket:8 clip:8 coat:8 danish:8 de:8 empire:8 first:8 flannel:8 fly:8 herb:8
holly:8 ice:8 jet:8 jewellery:8 jingle:8 kids:8 knitted:8 lattice:8 lovebird:8 monkey:8 mould:8
neckl:8 o:8 organiser:8 piece:8 plastic:8 point:8 porcelain:8 pudding:8 scandinavian:8 shed:8
sheet:8 sugar:8 suki:8 teddy:8 turquoise:8 tv:8 twist:8 votive:8 washbag:8 alarm:7 away:7 bank:7
bath:7 bertie:7 birdhouse:7 block:7 boxed:7 calm:7 candlestick:7 chandelier:7 chest:7 chicken:7
children:7 choice:7 columbian:7 compact:7 cracked:7 cut:7 dec:7 disco:7 eggs:7 etched:7 fan:7
flying:7 holiday:7 horse:7 jardin:7 kings:7 leaves:7 lily:7 mat:7 midnight:7 mint:7 montana:7 owl:7
park:7 passport:7 peg:7 place:7 polished:7 recycled:7 roll:7 rosebud:7 ruby:7 scales:7 shoulder:7
stripes:7 thermometer:7 tote:7 wick:7 you:7 acapulco:6 airline:6 album:6 animal:6 apothecary:6
apple:6 ass:6 badges:6 bakelike:6 balloon:6 balloons:6 base:6 billboard:6 bunnies:6 canvas:6 cats:6
col:6 coloured:6 comb:6 cones:6 cookie:6 cups:6 decoupage:6 des:6 destroyed:6 diamond:6 drawers:6
du:6 ducks:6 eau:6 elephant:6 filler:6 folk:6 forest:6 four:6 fun:6 girls:6 glove:6 grip:6 grow:6
helicopter:6 invites:6 journal:6 keyring:6 landmark:6 matches:6 medina:6 mosaic:6 mushroom:6 oven:6
padded:6 paperweight:6 paris:6 patches:6 pegs:6 pens:6 plasters:6 polyester:6 potting:6
psychedelic:6 raffia:6 recipe:6 reindeer:6 roses:6 scarf:6 screen:6 shaped:6 shopping:6 size:6
sock:6 sponge:6 spoon:6 spots:6 spotty:6 spring:6 stamped:6 stationery:6 stick:6 stocking:6 stone:6
strand:6 sud:6 tags:6 tassle:6 thrown:6 towels:6 trellis:6 turq:6 unsaleable:6 wine:6 woven:6
advent:5 ashtray:5 backpack:5 bear:5 birds:5 biscuits:5 boys:5 bread:5 brush:5 camphor:5 car:5
carousel:5 chair:5 chalkboard:5 chateau:5 check:5 choc:5 chopping:5 circles:5 clips:5 coasters:5
collage:5 colouring:5 cosmetic:5 cupcake:5 cute:5 dairy:5 day:5 days:5 deco:5 dove:5 enchanted:5
farm:5 fine:5 finish:5 fob:5 fork:5 gloves:5 goose:5 grey:5 hut:5 iron:5 its:5 keepsake:5 la:5 led:5
lid:5 lilac:5 long:5 magnet:5 maid:5 modern:5 monster:5 night:5 no:5 one:5 parisienne:5 pears:5
petit:5 pillar:5 pin:5 pizza:5 placemats:5 plates:5 poppy:5 post:5 rain:5 ridged:5 robin:5
romantic:5 salad:5 scissor:5 scottie:5 shopper:5 silk:5 space:5 st:5 stamp:5 standing:5 stool:5
straws:5 sucker:5 summer:5 swirly:5 tassel:5 teapot:5 toast:5 tropical:5 village:5 welcome:5
windmill:5 xmas:5 aid:4 animals:4 bangle:4 baubles:4 bicycle:4 bill:4 bonne:4 bowls:4 brocante:4
buffalo:4 c:4 cafe:4 camouflage:4 campagne:4 candlepot:4 caravan:4 carnival:4 chalk:4 chinese:4
chrysanthemum:4 confetti:4 cornice:4 crackle:4 cube:4 curious:4 cutters:4 deluxe:4 dotcomgiftshop:4
dressing:4 embossed:4 envelope:4 expandable:4 faceted:4 family:4 fern:4 frangipani:4 game:4
gemstone:4 george:4 gnome:4 hooks:4 king:4 knack:4 kneeling:4 knick:4 knitting:4 las:4 laurel:4
little:4 ma:4 magazine:4 make:4 moroccan:4 multi:4 mum:4 necklac:4 nile:4 ocean:4 out:4 parlour:4
patch:4 path:4 photoframe:4 placemat:4 planter:4 playhouse:4 pop:4 portrait:4 posy:4 pretty:4
rectangle:4 robot:4 rocking:4 rubber:4 ruler:4 santa:4 school:4 seaside:4 seed:4 setting:4
settings:4 sharpener:4 shop:4 skittles:4 slipper:4 snow:4 snowflake:4 spoons:4 sticks:4 stitched:4
stones:4 suction:4 sundae:4 thank:4 tie:4 to:4 toadstools:4 toilet:4 tonic:4 trim:4 two:4 vegas:4
washing:4 willie:4 winkie:4 abstract:3 asst:3 back:3 balls:3 bamboo:3 beaten:3 best:3 blank:3
books:3 boom:3 boot:3 bottles:3 bow:3 building:3 bundle:3 butterflies:3 buttons:3 cacti:3 cactus:3
caddy:3 cadet:3 calculator:3 cardholder:3 carriage:3 carry:3 case:3 chalice:3 cheese:3 chic:3
chopsticks:3 circle:3 circular:3 citronella:3 class:3 classical:3 cockerel:3 cocktail:3 cubic:3
cupid:3 curio:3 d:3 daisies:3 dark:3 dogs:3 doughnut:3 dragonfly:3 dress:3 droplet:3 ear:3 ebay:3
eight:3 elvis:3 england:3 erasers:3 fair:3 fancy:3 fashion:3 floor:3 football:3 friends:3 frosted:3
gardeners:3 gardenia:3 gauze:3 gin:3 gloss:3 go:3 grand:3 gumball:3 gymkhana:3 hairband:3
hairslide:3 hammock:3 headphones:3 henrietta:3 hunt:3 icon:3 is:3 jade:3 jars:3 jazz:3 ladder:3
ladies:3 life:3 linen:3 lip:3 lipstick:3 list:3 lolly:3 madras:3 magnetic:3 making:3 man:3 marbles:3
measure:3 memo:3 microwave:3 milkmaid:3 mouse:3 muff:3 musical:3 nest:3 nesting:3 olive:3 only:3
open:3 or:3 owls:3 paint:3 palmiera:3 pannetone:3 pattern:3 peace:3 peony:3 person:3 pig:3 ping:3
pirate:3 pistachio:3 planet:3 plaque:3 platter:3 pole:3 polka:3 pony:3 poppies:3 postcard:3 pots:3
princess:3 printed:3 queen:3 quilted:3 rainbow:3 record:3 refectory:3 rest:3 revolutionary:3 rim:3
rings:3 rococo:3 rope:3 sand:3 save:3 scrap:3 secret:3 shade:3 shark:3 shoe:3 shoes:3 singing:3
skies:3 slice:3 slides:3 snowman:3 snowy:3 spade:3 spotted:3 stacking:3 start:3 stencil:3 stripey:3
sunglasses:3 sunset:3 swiss:3 teacup:3 tealight:3 three:3 throw:3 tiny:3 trays:3 trees:3 trowel:3
tuscan:3 vase:3 villa:3 vint:3 wake:3 wedding:3 word:3 world:3 writing:3 all:2 allium:2 anemone:2
antoinette:2 aperitif:2 aqua:2 area:2 army:2 artiifcial:2 bags:2 bake:2 band:2 banquet:2 bar:2
barrier:2 baseball:2 basil:2 baskets:2 baths:2 battery:2 bedside:2 bendy:2 bib:2 birdcage:2 bitty:2
blackboard:2 blocks:2 bobbles:2 bomb:2 bon:2 bone:2 bookcover:2 boudoir:2 bouquet:2 boy:2 bubble:2
bulb:2 bull:2 burner:2 butter:2 cabin:2 cakestand:2 camo:2 candystuft:2 cap:2 carlo:2 cast:2 cd:2
ceature:2 celebration:2 champagne:2 charger:2 chart:2 cherub:2 childhood:2 chime:2 china:2
chrysanthemums:2 cigar:2 cinammon:2 clam:2 climbing:2 cloche:2 clothes:2 coconut:2 collar:2
colourful:2 colours:2 combo:2 confectionery:2 cooking:2 cordon:2 cosmetics:2 country:2 cowboys:2
crackers:2 crate:2 creepy:2 crossbones:2 crystals:2 cupboard:2 cutter:2 dad:2 delphinium:2 designs:2
diet:2 dinosaurs:2 disc:2 dispenser:2 display:2 disposable:2 dominoes:2 doorsign:2 down:2 drink:2
dusty:2 earring:2 economy:2 embroidery:2 emily:2 engraved:2 envelopes:2 exercise:2 f:2 fawn:2
feathers:2 feeder:2 field:2 fishing:2 five:2 flask:2 flora:2 flowe:2 fluffy:2 fluted:2 foil:2
fonts:2 foxglove:2 frames:2 freshwater:2 fruitbowl:2 fruits:2 garld:2 geisha:2 glamorous:2 goblet:2
graphic:2 grass:2 groovy:2 gum:2 hairclip:2 hamper:2 handle:2 harmonica:2 hat:2 hawaiian:2 heads:2
height:2 hello:2 hexagon:2 hldr:2 holders:2 hour:2 hydranga:2 hydrangea:2 icicle:2 inflatable:2
island:2 ivy:2 jasmine:2 jeweled:2 joy:2 juicy:2 kashmiri:2 keys:2 kukui:2 l:2 ladle:2 ladybird:2
lanterns:2 lariat:2 laundry:2 le:2 leap:2 level:2 lightbulb:2 lime:2 loaf:2 looking:2 lounge:2 lt:2
mac:2 makers:2 marie:2 masala:2 me:2 merry:2 meter:2 mid:2 mistletoe:2 mixing:2 monte:2 moody:2
moon:2 mop:2 moulds:2 my:2 n:2 nat:2 nativity:2 neighbourhood:2 nil:2 ninja:2 noel:2 nursery:2 oil:2
old:2 operated:2 opium:2 pale:2 peach:2 pear:2 pearlised:2 perfect:2 personal:2 pieces:2 pill:2
pinks:2 planters:2 please:2 poncho:2 popart:2 popcorn:2 portable:2 posies:2 pottering:2 pouffe:2
provencal:2 puddings:2 puppet:2 purdey:2 push:2 rabbits:2 racing:2 radio:2 rake:2 raspberry:2
rasta:2 rect:2 repair:2 resin:2 ribs:2 riviera:2 rocket:2 rolling:2 room:2 rosie:2 rotating:2 run:2
russian:2 sack:2 sailor:2 sandlewood:2 scotties:2 sea:2 seat:2 sell:2 served:2 sheep:2 shirt:2
shower:2 silicon:2 six:2 skirt:2 sky:2 sleigh:2 slide:2 snake:2 snowmen:2 speaker:2 spiral:2
spirit:2 stamps:2 steel:2 sticky:2 strainer:2 strap:2 strawbery:2 street:2 stud:2 stuff:2 suede:2
sunflower:2 swallow:2 swallows:2 swat:2 sweetie:2 swinging:2 tablecloth:2 tahiti:2 tails:2 teal:2
tinsel:2 tone:2 tool:2 toys:2 travelogue:2 triobase:2 tumbler:2 ubo:2 unit:2 utensil:2 velvet:2
voile:2 wash:2 wastepaper:2 way:2 weight:2 wise:2 witch:2 wobbly:2 wool:2 woolly:2 wrapping:2
yuletide:2 abc:1 account:1 address:1 ade:1 adjustment:1 afghan:1 aged:1 ahoy:1 air:1 airmail:1
alpine:1 aluminium:1 am:1 amelie:1 angels:1 arouzer:1 articulated:1 azure:1 bad:1 bain:1 baker:1
balm:1 barn:1 baroquecandlestick:1 barrel:1 basin:1 bazaar:1 bea:1 beak:1 beakers:1 beautiful:1
beauty:1 bed:1 bedroom:1 bee:1 beetles:1 belle:1 berries:1 beurre:1 beware:1 bili:1 bingo:1 birdie:1
birdy:1 blackblue:1 blackchristmas:1 blk:1 blond:1 blood:1 blueberry:1 blues:1 bohemian:1 bonbon:1
bonbons:1 bonheur:1 boombox:1 booze:1 botanique:1 bows:1 braclet:1 branch:1 brass:1 briar:1 bridge:1
bright:1 brocade:1 bronze:1 bubblegum:1 bubbles:1 budah:1 buddha:1 bullet:1 bum:1 burgundy:1 burst:1
bus:1 busy:1 butterfiles:1 butterfl:1 button:1 by:1 cab:1 cage:1 camden:1 camembert:1 camper:1
camping:1 canary:1 cand:1 candelabra:1 candl:1 candlestand:1 cannabis:1 cannister:1 capiz:1 carpet:1
carrier:1 carrot:1 cars:1 cartoon:1 cash:1 catch:1 century:1 chains:1 chalet:1 chambre:1 champion:1
char:1 charge:1 chasing:1 cheerful:1 chenille:1 chests:1 chilli:1 chives:1 chocolatecandle:1
chocolates:1 choir:1 choker:1 chrome:1 cinderella:1 cinnamon:1 citrus:1 claire:1 clay:1 clean:1
closed:1 cloth:1 coal:1 coathanger:1 cockle:1 colander:1 com:1 come:1 condiment:1 cone:1 coney:1
confusing:1 congratulations:1 cook:1 cordial:1 corer:1 corona:1 cote:1 covent:1 cowboy:1 cracker:1
crates:1 crawlie:1 crawlies:1 crayons:1 crazy:1 creatures:1 crested:1 croquet:1 cross:1 crosses:1
crowns:1 crusoe:1 cubes:1 cupcakes:1 cushions:1 cutglass:1 czech:1 dads:1 damages:1 david:1 deck:1
delight:1 demi:1 denim:1 desk:1 dia:1 diamon:1 digestive:1 digitalis:1 dinky:1 diva:1 do:1 doc:1
doctor:1 doggy:1 doiley:1 dolphin:1 dolphins:1 donkey:1 doorbell:1 doors:1 dot:1 dots:1 double:1
doughnuts:1 dovecote:1 dr:1 dragon:1 dragons:1 draw:1 drawerknob:1 drawstring:1 dream:1 dreams:1
duck:1 dutch:1 e:1 earth:1 edge:1 electronic:1 elegant:1 elixir:1 emergency:1 en:1 enfants:1
engine:1 eraser:1 essential:1 eucalyptus:1 evening:1 extremely:1 eye:1 face:1 fanny:1 farmyard:1
farthing:1 fauna:1 faux:1 favourites:1 feng:1 fields:1 figures:1 filigris:1 finger:1 flags:1 flame:1
flames:1 flamingo:1 flore:1 flowerpot:1 flowerpower:1 flowr:1 flu:1 flytrap:1 fondant:1 foot:1
footprints:1 forked:1 forties:1 found:1 foxy:1 fragrance:1 france:1 frappucino:1 freestyle:1 fresh:1
friendship:1 frieze:1 frill:1 fringe:1 from:1 front:1 frost:1 full:1 funk:1 funny:1 fur:1 g:1
games:1 gaolers:1 garage:1 gardens:1 gazebo:1 gebra:1 gecko:1 gel:1 gems:1 gentleman:1 gentlemen:1
gents:1 geometric:1 georgian:1 ghost:1 gingerbread:1 giraffe:1 girly:1 glamour:1 glasses:1 gliders:1
globe:1 glow:1 glowing:1 goldfish:1 goldie:1 gordon:1 greens:1 grinder:1 grocery:1 growing:1 guard:1
guitar:1 guns:1 h:1 hairbands:1 hairclips:1 hall:1 halloween:1 halls:1 hammered:1 hangers:1
hardman:1 hare:1 hate:1 hats:1 haven:1 haynes:1 head:1 heat:1 heavens:1 heidi:1 helga:1 hens:1 her:1
herbs:1 hi:1 hibiscus:1 high:1 highlighter:1 hilda:1 hill:1 hippy:1 his:1 hohoho:1 hold:1 hole:1
homemade:1 hood:1 hopper:1 hostess:1 hottie:1 housekeeping:1 housework:1 hurricane:1 hyacinth:1
icons:1 if:1 illustrated:1 image:1 indians:1 ingrid:1 instrument:1 ipod:1 ironing:1 it:1 j:1
jackie:1 jardiniere:1 jean:1 jelly:1 jubilee:1 jungle:1 junk:1 k:1 kashmir:1 kensington:1 keyrings:1
kid:1 kittens:1 kitty:1 knickerbockerglory:1 knif:1 kraft:1 labels:1 ladders:1 lads:1 laquered:1
laser:1 lazer:1 leave:1 legs:1 leis:1 lenses:1 les:1 lets:1 licence:1 licorice:1 lids:1 lighthouse:1
line:1 liners:1 lives:1 livingroom:1 lizard:1 lobster:1 local:1 lolita:1 longboard:1 lovebirds:1
lovely:1 loves:1 lucky:1 ludo:1 lush:1 madeline:1 madonna:1 magical:1 maids:1 mail:1 mao:1 maria:1
mark:1 market:1 marmalade:1 marshmallow:1 marshmallows:1 maxwell:1 meadow:1 med:1 medicine:1
melamine:1 memoboard:1 memories:1 memory:1 men:1 message:1 metalic:1 mexican:1 mice:1 milkshake:1
miniature:1 minicards:1 mitt:1 mittens:1 mix:1 mixed:1 mixture:1 mock:1 mod:1 modelling:1 molly:1
monochrome:1 monsoon:1 monsters:1 montan:1 more:1 mother:1 motorbike:1 motoring:1 mousey:1 mr:1
mrs:1 mugs:1 multicol:1 mummy:1 mushrooms:1 namaste:1 nancy:1 nature:1 naughts:1 naughty:1 needle:1
netting:1 newspaper:1 next:1 nicole:1 nine:1 nose:1 not:1 note:1 notebooks:1 notelets:1 notepad:1
notting:1 novelty:1 nurse:1 nut:1 nuts:1 occupied:1 octagon:1 oils:1 ol:1 olivia:1 ollie:1 ooh:1
opal:1 opener:1 opulent:1 order:1 organdy:1 oriental:1 ornament:1 our:1 over:1 overcrowded:1
overnight:1 oxford:1 oyster:1 packing:1 page:1 paisely:1 pancake:1 panda:1 panel:1 pants:1
parasols:1 parcel:1 parsley:1 partition:1 pastry:1 patchwork:1 patrolled:1 paul:1 pc:1 peacock:1
pearls:1 pebble:1 pedestal:1 pennant:1 penny:1 pepper:1 perfectly:1 perfume:1 peridot:1 periwinkle:1
pet:1 pharmacie:1 pick:1 piggy:1 pinecone:1 pinkwhite:1 plasmatronic:1 play:1 playtime:1
poinsettia:1 pointed:1 pointy:1 political:1 polkadots:1 pom:1 pompom:1 ponies:1 poodle:1 pool:1
poorly:1 popsicles:1 portobello:1 poste:1 poster:1 potion:1 pouri:1 present:1 presents:1 prince:1
provence:1 pump:1 pumpkin:1 punch:1 puncture:1 puppies:1 puzzles:1 quartz:1 queens:1 quilt:1 r:1
rachel:1 rainy:1 raspberr:1 rattle:1 re:1 ream:1 rebecca:1 rectangular:1 recycling:1 reds:1 regal:1
regatta:1 relax:1 resolution:1 respectable:1 revolver:1 rex:1 ribbed:1 ridge:1 riding:1 rnd:1
roccoco:1 roman:1 rosemary:1 rosette:1 rotator:1 rounders:1 rubbers:1 rudolphs:1 russel:1 rusty:1
safety:1 sage:1 salle:1 sally:1 salt:1 salts:1 sandalwood:1 sandcastle:1 sandwich:1 sanskrit:1
santas:1 savannah:1 savoy:1 scallop:1 scandispot:1 scotty:1 screwdriver:1 scroll:1 scrubbing:1
sculpted:1 seafood:1 season:1 secateurs:1 sequin:1 seventeen:1 sew:1 sex:1 shaggy:1 shapes:1
sharpeners:1 shells:1 shelving:1 shimmering:1 shine:1 show:1 shui:1 shutters:1 sideboard:1 sil:1
silouette:1 sisters:1 sitting:1 skipping:1 skippping:1 sleeping:1 smallfolkart:1 smiley:1 smokey:1
snakes:1 snap:1 snowdrops:1 snowflakes:1 snowstorm:1 so:1 socks:1 soldier:1 soldiers:1 sombrero:1
song:1 songbird:1 sophie:1 sound:1 sow:1 spaceball:1 spaceman:1 sparkly:1 spatula:1 sphere:1 spice:1
spike:1 spinning:1 spliff:1 splodges:1 sporting:1 sprig:1 squ:1 squarecushion:1 squeezer:1 stack:1
starfish:1 stiletto:1 stockings:1 stop:1 stopmetal:1 stopper:1 str:1 strawberries:1 strawbry:1
stress:1 stripy:1 strongman:1 suck:1 sunjar:1 sunrise:1 supplies:1 support:1 susan:1 susie:1
swagat:1 sweeties:1 swirlglass:1 swords:1 sympathy:1 tail:1 take:1 tale:1 taper:1 tapes:1 tattoos:1
teaspoons:1 tec:1 this:1 thyme:1 tiaras:1 ticket:1 tigris:1 tiled:1 tit:1 toastrack:1 toffee:1
toilette:1 tokyo:1 tomato:1 tongs:1 tools:1 toothpaste:1 topaz:1 topiary:1 tops:1 torch:1 tortilla:1
touch:1 town:1 toxic:1 toybox:1 tradtional:1 tranquility:1 transfer:1 transparent:1 transport:1
traveling:1 triangle:1 triangular:1 tropez:1 truffle:1 tub:1 turquois:1 twine:1 u:1 urban:1 us:1
usb:1 utilty:1 v:1 vacant:1 valentine:1 vegetable:1 vegetables:1 vie:1 vine:1 vinyl:1 vip:1
vippassport:1 voucher:1 wallhanging:1 war:1 washroom:1 waste:1 watermelon:1 waterpump:1 wc:1
weekend:1 wheelbarrow:1 whisk:1 whit:1 wht:1 wildflower:1 windchime:1 windsock:1 wireless:1 wish:1
wishes:1 wishing:1 women:1 work:1 wraps:1 wrecking:1 y:1 z:1
`
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [word, freq] = pair.split(":");
      return [word!, Number(freq)] as const;
    }),
);
